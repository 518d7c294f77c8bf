"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { SAML_PRODUCT, SAML_PROVIDER_ID } from "@/lib/saml/constants";

/**
 * Starts a real SP-initiated login against the team's IdP and comes back to the SSO page. The
 * person returns signed in as whoever they authenticated as at the IdP.
 */
export function TestConnectionButton({ teamId, returnTo }: { teamId: string; returnTo: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(SAML_PROVIDER_ID, { callbackUrl: returnTo }, { tenant: teamId, product: SAML_PRODUCT }).catch(() => setPending(false));
      }}
      className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-600/50 focus-visible:outline-none disabled:opacity-60"
    >
      {pending ? "Opening your identity provider…" : "Test connection"}
    </button>
  );
}
