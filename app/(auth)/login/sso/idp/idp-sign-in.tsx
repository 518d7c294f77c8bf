"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { SAML_IDP_PROVIDER_ID } from "@/lib/saml/constants";
import { ssoErrorMessage } from "@/lib/saml/messages";

export function IdpSignIn({ code }: { code: string }) {
  const [error, setError] = useState<string | null>(code ? null : ssoErrorMessage("sso_missing_code"));
  const started = useRef(false);

  useEffect(() => {
    // The code works once; never send it twice (re-renders, strict mode).
    if (!code || started.current) return;
    started.current = true;
    signIn(SAML_IDP_PROVIDER_ID, { code, redirect: false })
      .then((result) => {
        if (result?.ok && !result.error) window.location.assign("/");
        else setError(ssoErrorMessage(result?.error ?? "") ?? signInErrorMessage(result?.error ?? ""));
      })
      .catch(() => setError(ssoErrorMessage("sso_unavailable")));
  }, [code]);

  if (!error) return <h1 className="mt-4 text-lg font-medium" aria-live="polite">Signing you in…</h1>;
  return (
    <div className="mt-4 space-y-4">
      <h1 className="text-lg font-medium">Sign-in did not complete</h1>
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {error}
      </p>
      <Link href="/login" className="text-sm text-brand-600 hover:underline">
        Back to sign-in
      </Link>
    </div>
  );
}
