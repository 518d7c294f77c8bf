import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { connectionForDomain } from "@/lib/saml/connection-routing";
import { spUrls } from "@/lib/saml/constants";
import { listTeamConnections, type ConnectionSummary } from "@/lib/saml/connections";
import { SsoError } from "@/lib/saml/errors";
import { getJackson } from "@/lib/saml/jackson";
import { openSetupLink } from "@/lib/saml/setup-links";
import { listTeamDomains } from "@/lib/saml/team-domains";
import { AddConnection } from "@/components/saml/add-connection";
import { ConnectionDetail } from "@/components/saml/connection-detail";
import { CopyValue } from "@/components/saml/copy-value";
import { DomainList } from "@/components/saml/domain-list";
import { IdpWalkthroughs } from "@/components/saml/idp-walkthroughs";
import { SecretOnceForm } from "@/components/saml/secret-once-form";
import { ui } from "@/components/ui";
import { savesForOwners } from "@/lib/saml/owner-approval";
import {
  addDomainAction,
  createScimTokenAction,
  deleteConnectionAction,
  removeDomainAction,
  routeDomainAction,
  saveOidcConnectionAction,
  saveSamlConnectionAction,
  verifyDomainAction,
} from "./actions";

// The customer's IT admin, without an account, configures one team's SSO here. The secret in the
// URL is the credential, so the page sends no referrer and is never cached.
export const metadata: Metadata = { title: "Set up single sign-on", referrer: "no-referrer", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

const REFUSED = {
  expired: "This setup link has expired. Ask the team's owner for a new one.",
  revoked: "This setup link was revoked by the team's owner. Ask them for a new one if you still need it.",
  maker_gone: "This setup link no longer works: the owner who created it no longer manages this team. Ask one of the team's owners for a new one.",
  unknown: "This setup link is not valid. Check that you copied the whole link.",
} as const;

const card = `${ui.card} p-6`;

export default async function SetupSsoPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const db = await getDb();
  const access = await openSetupLink(db, secret);
  if (!access.ok) {
    return (
      <main id="main" className="mx-auto max-w-xl p-6">
        <h1 className="text-2xl font-semibold">Set up single sign-on</h1>
        <p role="alert" data-testid="setup-link-refused" data-reason={access.reason} className="mt-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {REFUSED[access.reason === "active" ? "unknown" : access.reason]}
        </p>
      </main>
    );
  }

  const origin = appUrl();
  const urls = spUrls(origin);
  const scimEndpoint = `${origin}/api/scim/v2`;
  let connections: ConnectionSummary[] = [];
  let unavailable: string | null = null;
  try {
    connections = await listTeamConnections({ jackson: await getJackson(), db }, access.team.id);
  } catch (e) {
    unavailable = e instanceof SsoError ? e.message : "Single sign-on is unavailable right now.";
  }
  const domains = await listTeamDomains(db, access.team.id);
  const routedTo = (id: string) => domains.filter((d) => d.verifiedAt && connectionForDomain(d, connections)?.id === id).map((d) => d.domain);
  const bind = <A extends unknown[], R>(fn: (secret: string, ...rest: A) => R) => fn.bind(null, secret) as (...rest: A) => R;
  const connectionActions = { saveSaml: bind(saveSamlConnectionAction), saveOidc: bind(saveOidcConnectionAction), remove: bind(deleteConnectionAction) };

  return (
    <main id="main" className="mx-auto max-w-5xl space-y-6 p-6">
      <div>
        <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Gatehouse</p>
        <h1 className="mt-2 text-2xl font-semibold">Set up single sign-on for {access.team.name}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The team&apos;s owner gave you this link to connect your identity provider. It works until {access.expiresAt.toUTCString()} and lets you
          configure this team&apos;s SSO connections, email domains and a SCIM token; nothing else.
        </p>
      </div>
      {unavailable && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {unavailable}
        </p>
      )}

      <section aria-labelledby="sp-heading" className={card}>
        <h2 id="sp-heading" className="text-lg font-semibold">1. Values for your identity provider</h2>
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-[14rem_1fr] sm:items-center">
          <dt className="font-medium text-slate-700">ACS URL (Reply URL)</dt>
          <dd><CopyValue label="ACS URL" value={urls.acsUrl} /></dd>
          <dt className="font-medium text-slate-700">SP Entity ID (Audience)</dt>
          <dd><CopyValue label="SP Entity ID" value={urls.entityId} /></dd>
          <dt className="font-medium text-slate-700">SP metadata URL</dt>
          <dd><CopyValue label="SP metadata URL" value={urls.metadataUrl} /></dd>
          <dt className="font-medium text-slate-700">OpenID Connect redirect URI</dt>
          <dd className="text-slate-600">Each provider has its own: the OpenID Connect form below shows it once you enter the discovery URL.</dd>
        </dl>
        <div className="mt-4">
          <IdpWalkthroughs urls={urls} scimEndpoint={scimEndpoint} />
        </div>
      </section>

      <section aria-labelledby="idp-heading" className={card}>
        <h2 id="idp-heading" className="text-lg font-semibold">2. Connections</h2>
        <div className="mt-4 space-y-4">
          {connections.map((c) => (
            <ConnectionDetail key={c.id} connection={c} routedDomains={routedTo(c.id)} actions={connectionActions} oidcRedirect={{ teamId: access.team.id, redirectBase: urls.oidcRedirectBase }} />
          ))}
          <div className="rounded-md border border-slate-200 p-4">
            <h3 className="mb-1 text-sm font-semibold">Add a connection</h3>
            <AddConnection saveSaml={connectionActions.saveSaml} saveOidc={connectionActions.saveOidc} oidcRedirect={{ teamId: access.team.id, redirectBase: urls.oidcRedirectBase }} />
          </div>
        </div>
      </section>

      <section aria-labelledby="domains-heading" className={card}>
        <h2 id="domains-heading" className="text-lg font-semibold">3. Email domains</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">Publish the TXT record shown for each domain, then choose “Check DNS”.</p>
        <div className="mt-4">
          <DomainList
            domains={domains}
            connections={connections}
            canVerifyManually={false}
            canRemoveVerified={savesForOwners(access.actor)}
            actions={{ add: bind(addDomainAction), verify: bind(verifyDomainAction), remove: bind(removeDomainAction), route: bind(routeDomainAction) }}
          />
        </div>
      </section>

      <section aria-labelledby="scim-heading" className={card}>
        <h2 id="scim-heading" className="text-lg font-semibold">4. Provisioning (SCIM)</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Endpoint: <code className="rounded bg-slate-100 px-1 font-mono text-xs">{scimEndpoint}</code>. Create a token for your identity provider; it
          is shown once.
        </p>
        <div className="mt-4">
          <SecretOnceForm action={bind(createScimTokenAction)} submitLabel="Create SCIM token" aria-label="Create SCIM token">
            <div className="space-y-1">
              <label htmlFor="token-name" className={ui.label}>
                Token name
              </label>
              <input id="token-name" name="name" defaultValue="Identity provider" maxLength={100} className={ui.input} />
            </div>
          </SecretOnceForm>
        </div>
      </section>
    </main>
  );
}
