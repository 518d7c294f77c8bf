import type { Metadata } from "next";
import { IdpSignIn } from "./idp-sign-in";

export const metadata: Metadata = { title: "Signing in" };

// Where jackson sends an IdP-initiated login (a tile clicked in the IdP's dashboard), with a
// one-time code; the client half trades it for a session through next-auth.
export default async function IdpLandingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const code = typeof params.code === "string" ? params.code : "";
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm text-center">
        <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Gatehouse</p>
        <IdpSignIn code={code} />
      </div>
    </main>
  );
}
