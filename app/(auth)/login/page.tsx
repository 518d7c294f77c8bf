import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { isFirstRun } from "@/lib/teams/first-run";
import { LoginForm } from "./login-form";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { appUrl } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined, appUrl());
  const error = typeof params.error === "string" ? params.error : undefined;
  // The welcome email for people an IdP provisions links here with their address filled in.
  const email = typeof params.email === "string" && params.email.length <= 320 ? params.email : undefined;
  // With an error to show (e.g. an SSO test that was refused), someone still signed in stays here.
  const user = await getCurrentUser();
  if (user && !error) redirect(callbackUrl);
  // An empty server (GATEHOUSE_SEED=false): there is no one to sign in yet.
  if (!user && (await isFirstRun(await getDb()))) redirect("/setup");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Gatehouse</p>
          <h1 className="mt-2 text-2xl font-semibold">Sign in to your team</h1>
        </div>
        <LoginForm callbackUrl={callbackUrl} initialError={error} initialEmail={email} />
        <p className="mt-4 text-center text-sm">
          <Link href="/forgot-password" className="text-brand-600 hover:underline">
            Forgot password?
          </Link>
        </p>
        {user && (
          <p className="mt-4 text-center text-sm text-slate-600">
            You are still signed in as {user.email}.{" "}
            <Link href={callbackUrl} className="text-brand-600 hover:underline">
              Continue
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}
