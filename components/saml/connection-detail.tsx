// One SSO connection: what it is, which domains sign in through it, whether a test sign-in
// through it worked, and its edit / delete forms. `children` is the place for further
// per-connection sections (attribute mapping, sign-in records). Used on the team's SSO page and
// on the setup link page (without the test button: a link holder has no session to test with).
import type { ConnectionSummary } from "@/lib/saml/connections";
import { Disclosure } from "../disclosure";
import { ui } from "../ui";
import { OidcConnectionFields, SamlConnectionFields, type OidcRedirectContext } from "./connection-fields";
import { OidcRedirectUri } from "./oidc-redirect-uri";
import { SsoForm } from "./sso-form";
import type { SsoActionState } from "./types";

type Action = (prev: SsoActionState, data: FormData) => Promise<SsoActionState>;

const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export function ConnectionDetail({
  connection: c,
  routedDomains,
  actions,
  testHref,
  oidcRedirect,
  children,
}: {
  connection: ConnectionSummary;
  routedDomains: string[];
  actions: { saveSaml: Action; saveOidc: Action; remove: Action };
  /** Where "Test sign-in" starts; absent where no test can run. */
  testHref?: string;
  oidcRedirect: OidcRedirectContext;
  children?: React.ReactNode;
}) {
  return (
    <article id={`connection-${c.id}`} data-testid="sso-connection" data-label={c.label} aria-labelledby={`connection-${c.id}-name`} className="space-y-4 rounded-md border border-slate-200 p-4">
      <header className="flex flex-wrap items-center gap-3">
        <h3 id={`connection-${c.id}-name`} className="text-base font-semibold">
          {c.label}
        </h3>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{c.kind === "saml" ? "SAML" : "OpenID Connect"}</span>
        {c.isDefault && <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">Default</span>}
        {c.testedAt ? (
          <span data-testid="connection-tested" className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">
            Tested {dateOnly.format(c.testedAt)} ({c.testedEmail})
          </span>
        ) : (
          <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-600/20 ring-inset">Not tested yet</span>
        )}
      </header>
      {!c.ownerConfigured && (
        <p data-testid="connection-not-for-owners" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          An admin set up this identity provider or changed it (its attribute mapping included), so it does not sign in the team&apos;s owners (they keep
          their password). An owner approves it by saving the connection below.
        </p>
      )}
      <dl className="grid gap-2 text-sm sm:grid-cols-[14rem_1fr]">
        {c.saml && (
          <>
            <dt className="font-medium text-slate-700">IdP entity ID</dt>
            <dd className="break-all">{c.saml.idpEntityId}</dd>
            <dt className="font-medium text-slate-700">Sign-in URL</dt>
            <dd className="break-all">{c.saml.ssoUrl ?? "—"}</dd>
            <dt className="font-medium text-slate-700">Signing certificate expires</dt>
            <dd>{c.saml.certificateExpires ? dateOnly.format(c.saml.certificateExpires) : "Unknown"}</dd>
            {c.saml.metadataUrl && (
              <>
                <dt className="font-medium text-slate-700">Loaded from</dt>
                <dd className="break-all">{c.saml.metadataUrl}</dd>
              </>
            )}
          </>
        )}
        {c.oidc && (
          <>
            <dt className="font-medium text-slate-700">Discovery URL</dt>
            <dd className="break-all">{c.oidc.discoveryUrl}</dd>
            <dt className="font-medium text-slate-700">Client ID</dt>
            <dd className="break-all">{c.oidc.clientId}</dd>
            <dt className="font-medium text-slate-700">Redirect URI</dt>
            <dd>
              <OidcRedirectUri {...oidcRedirect} discoveryUrl={c.oidc.discoveryUrl} />
            </dd>
          </>
        )}
        <dt className="font-medium text-slate-700">Domains signing in here</dt>
        <dd data-testid="connection-domains">
          {routedDomains.length ? routedDomains.join(", ") : c.isDefault ? "Every verified domain not assigned elsewhere (none yet)" : "None: assign a domain below"}
        </dd>
      </dl>
      <div className="flex flex-wrap items-start gap-3">
        {testHref && (
          <a href={testHref} className={ui.secondary}>
            Test sign-in
          </a>
        )}
        <SsoForm
          action={actions.remove}
          submitLabel="Delete connection"
          pendingLabel="Deleting…"
          tone="danger"
          confirm={`Delete “${c.label}”? Its domains will sign in through the default connection, or not at all if it was the last.`}
          className="flex flex-wrap items-center gap-3"
        >
          <input type="hidden" name="connectionId" value={c.id} />
        </SsoForm>
      </div>
      <Disclosure showLabel="Edit connection" hideLabel="Close editor">
        {c.kind === "saml" ? (
          <SsoForm action={actions.saveSaml} submitLabel="Save connection" aria-label={`Edit ${c.label}`}>
            <SamlConnectionFields idPrefix={`c-${c.id}-`} values={{ id: c.id, label: c.label, metadataUrl: c.saml?.metadataUrl }} />
          </SsoForm>
        ) : (
          <SsoForm action={actions.saveOidc} submitLabel="Save connection" aria-label={`Edit ${c.label}`}>
            <OidcConnectionFields idPrefix={`c-${c.id}-`} redirect={oidcRedirect} values={{ id: c.id, label: c.label, discoveryUrl: c.oidc?.discoveryUrl, clientId: c.oidc?.clientId }} />
          </SsoForm>
        )}
      </Disclosure>
      {children}
    </article>
  );
}
