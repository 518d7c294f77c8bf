import type { Metadata } from "next";
import Link from "next/link";

// Its own title: otherwise a 404 raised inside a page (an unknown team) keeps that page's title.
export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">This page does not exist, or you are not a member of this team.</p>
      <Link href="/" className="font-medium text-brand-600 hover:underline">
        Go to your team
      </Link>
    </main>
  );
}
