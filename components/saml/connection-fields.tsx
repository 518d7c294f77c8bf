"use client";

// The fields of a connection form: a name for it, then the IdP's SAML metadata or the OpenID
// provider's discovery URL and client credentials. Ids are prefixed so several forms (one per
// connection) can share a page.
import { useEffect, useRef, useState } from "react";
import { oidcRedirectKey } from "@/lib/saml/oidc-redirect-key";
import { ui } from "../ui";
import { MetadataFields } from "./metadata-fields";
import { OidcRedirectUri } from "./oidc-redirect-uri";

export type ConnectionFieldValues = { id?: string; label?: string; metadataUrl?: string | null; discoveryUrl?: string; clientId?: string };

function LabelField({ idPrefix, value }: { idPrefix: string; value?: string }) {
  return (
    <div className="max-w-sm space-y-1">
      <label htmlFor={`${idPrefix}label`} className={ui.label}>
        Name <span className="font-normal text-slate-500">(optional, e.g. “Okta – Europe”)</span>
      </label>
      <input id={`${idPrefix}label`} name="label" defaultValue={value ?? ""} maxLength={100} autoComplete="off" className={ui.input} />
    </div>
  );
}

export function SamlConnectionFields({ idPrefix, values }: { idPrefix: string; values?: ConnectionFieldValues }) {
  return (
    <div className="space-y-3">
      {values?.id && <input type="hidden" name="connectionId" value={values.id} />}
      <LabelField idPrefix={idPrefix} value={values?.label} />
      <MetadataFields idPrefix={idPrefix} defaultUrl={values?.metadataUrl} />
    </div>
  );
}

/** Where the OpenID redirect URI is built: the team and the base every connection's URI starts with. */
export type OidcRedirectContext = { teamId: string; redirectBase: string };

export function OidcConnectionFields({ idPrefix, values, redirect }: { idPrefix: string; values?: ConnectionFieldValues; redirect: OidcRedirectContext }) {
  // The redirect URI depends on the discovery URL (oidc-redirect-key.ts): shown as it is typed.
  const saved = values?.discoveryUrl ?? "";
  const [discoveryUrl, setDiscoveryUrl] = useState(saved);
  const input = useRef<HTMLInputElement>(null);
  // A form reset (after a successful save) empties the field without a change event.
  useEffect(() => {
    const form = input.current?.form;
    const onReset = () => setDiscoveryUrl(saved);
    form?.addEventListener("reset", onReset);
    return () => form?.removeEventListener("reset", onReset);
  }, [saved]);
  return (
    <div className="space-y-3">
      {values?.id && <input type="hidden" name="connectionId" value={values.id} />}
      <LabelField idPrefix={idPrefix} value={values?.label} />
      <p className="text-sm text-slate-600">
        Register a web application at your provider with the redirect URI <OidcRedirectUri {...redirect} discoveryUrl={discoveryUrl} /> (its own
        for each provider; authorization code flow; Gatehouse uses PKCE, state and nonce, and asks for the openid, email and profile scopes).
      </p>
      {/* The key is the discovery URL as written: another spelling of it is another redirect URI. */}
      {values?.id && discoveryUrl.trim() && oidcRedirectKey(redirect.teamId, discoveryUrl) !== oidcRedirectKey(redirect.teamId, saved) && (
        <p data-testid="oidc-redirect-uri-changed" className="text-sm font-medium text-amber-800">
          This discovery URL gives the connection a new redirect URI: register it at your provider, or sign-in through this connection fails once you
          save.
        </p>
      )}
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}discoveryUrl`} className={ui.label}>
          Discovery URL
        </label>
        <input
          id={`${idPrefix}discoveryUrl`}
          name="discoveryUrl" maxLength={2000}
          type="url"
          ref={input}
          defaultValue={saved}
          onChange={(e) => setDiscoveryUrl(e.target.value)}
          placeholder="https://login.example.com/.well-known/openid-configuration"
          className={ui.input}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}clientId`} className={ui.label}>
            Client ID
          </label>
          <input id={`${idPrefix}clientId`} name="clientId" maxLength={500} defaultValue={values?.clientId ?? ""} autoComplete="off" className={ui.input} />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}clientSecret`} className={ui.label}>
            Client secret
          </label>
          <input id={`${idPrefix}clientSecret`} name="clientSecret" maxLength={2000} type="password" autoComplete="new-password" className={ui.input} />
        </div>
      </div>
    </div>
  );
}
