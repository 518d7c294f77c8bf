"use client";

import Link from "next/link";
import { useEffect } from "react";

/**
 * What an error boundary (app/**\/error.tsx) shows instead of Next's "This page couldn't load":
 * most often a form sent more than the server accepts (Next refuses an action's body over its
 * limit before the action can answer), else a fault on the server, logged there with its digest.
 */
export function ErrorPanel({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main role="alert" className="mx-auto flex max-w-md flex-col items-center justify-center gap-4 p-6 py-16 text-center">
      <h1 className="text-2xl font-semibold">That did not work</h1>
      <p className="text-slate-600">
        The server could not finish this request. If you were sending a form, one of its values may be far too long: shorten it and try again.
      </p>
      {error.digest && <p className="text-xs text-slate-500">Reference for your administrator: {error.digest}</p>}
      <div className="flex gap-4">
        <button type="button" onClick={reset} className="font-medium text-brand-600 hover:underline">
          Try again
        </button>
        <Link href="/" className="font-medium text-brand-600 hover:underline">
          Go to your team
        </Link>
      </div>
    </main>
  );
}
