"use client";

import { useState } from "react";
import type { SsoActionState } from "./types";
import { OidcConnectionFields, SamlConnectionFields, type OidcRedirectContext } from "./connection-fields";
import { SsoForm } from "./sso-form";

type Action = (prev: SsoActionState, data: FormData) => Promise<SsoActionState>;

/** "Add a connection": SAML (metadata) or OpenID Connect (discovery URL + client). */
export function AddConnection({ saveSaml, saveOidc, oidcRedirect }: { saveSaml: Action; saveOidc: Action; oidcRedirect: OidcRedirectContext }) {
  const [kind, setKind] = useState<"saml" | "oidc">("saml");
  return (
    <div className="space-y-3">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 text-sm font-medium text-slate-700">Protocol</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="new-connection-kind" checked={kind === "saml"} onChange={() => setKind("saml")} />
          SAML 2.0
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="new-connection-kind" checked={kind === "oidc"} onChange={() => setKind("oidc")} />
          OpenID Connect
        </label>
      </fieldset>
      {kind === "saml" ? (
        <SsoForm key="saml" action={saveSaml} submitLabel="Save connection" resetOnSuccess aria-label="New SAML connection">
          <SamlConnectionFields idPrefix="new-saml-" />
        </SsoForm>
      ) : (
        <SsoForm key="oidc" action={saveOidc} submitLabel="Save connection" resetOnSuccess aria-label="New OIDC connection">
          <OidcConnectionFields idPrefix="new-oidc-" redirect={oidcRedirect} />
        </SsoForm>
      )}
    </div>
  );
}
