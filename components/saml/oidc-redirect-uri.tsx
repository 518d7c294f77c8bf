"use client";

import { oidcRedirectKey } from "@/lib/saml/oidc-redirect-key";

/** The redirect URI to register for an OpenID connection of this team at this discovery URL. */
export function OidcRedirectUri({ teamId, redirectBase, discoveryUrl }: { teamId: string; redirectBase: string; discoveryUrl: string }) {
  if (!discoveryUrl.trim()) return <span className="italic">shown here once you enter the discovery URL</span>;
  return (
    <code data-testid="oidc-redirect-uri" className="break-all rounded bg-slate-100 px-1 font-mono text-xs">
      {redirectBase}
      {oidcRedirectKey(teamId, discoveryUrl)}
    </code>
  );
}
