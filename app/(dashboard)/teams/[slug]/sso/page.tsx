import type { Metadata } from "next";
import Link from "next/link";
import { getTeamContext } from "@/lib/auth/team-context";
import { appUrl } from "@/lib/env";
import { connectionForDomain } from "@/lib/saml/connection-routing";
import { originAdvice } from "@/lib/public-url/request-origin";
import { spUrls } from "@/lib/saml/constants";
import { listTeamConnections, type ConnectionSummary } from "@/lib/saml/connections";
import { loadEnforcementPreview } from "@/lib/saml/load-enforcement-preview";
import { SsoError } from "@/lib/saml/errors";
import { getJackson } from "@/lib/saml/jackson";
import { manualVerificationOnThisServer } from "@/lib/saml/manual-verification";
import { listSetupLinks } from "@/lib/saml/setup-links";
import { listTeamDomains } from "@/lib/saml/team-domains";
import { AddConnection } from "@/components/saml/add-connection";
import { ConnectionDetail } from "@/components/saml/connection-detail";
import { OriginWarnings } from "@/components/origin-warnings";
import { CopyValue } from "@/components/saml/copy-value";
import { DomainList } from "@/components/saml/domain-list";
import { IdpWalkthroughs } from "@/components/saml/idp-walkthroughs";
import { SsoForm } from "@/components/saml/sso-form";
import { ui } from "@/components/ui";
import { RequireSsoPreview } from "./_components/require-sso-preview";
import { SetupLinksSection } from "./_components/setup-links-section";
import { ConnectionExtras } from "./_components/connection-extras";
import { savesForOwners } from "@/lib/saml/owner-approval";
import {
  addDomainAction,
  createSetupLinkAction,
  deleteConnectionAction,
  removeDomainAction,
  revokeSetupLinkAction,
  routeDomainAction,
  saveOidcConnectionAction,
  saveSamlConnectionAction,
  saveSettingsAction,
  verifyDomainAction,
} from "./actions";

export const metadata: Metadata = { title: "Single sign-on" };

const card = `${ui.card} p-6`;

export default async function SsoPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  const query = await searchParams;
  const testResult = query.test === "ok" ? "ok" : query.test === "failed" ? "failed" : null;
  const testWhy = typeof query.why === "string" ? query.why.slice(0, 500) : "";
  if (!ctx.can("saml.manage")) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Single sign-on</h1>
        <p className="text-slate-600">Only owners and admins can configure single sign-on for {ctx.team.name}.</p>
      </div>
    );
  }

  const origin = appUrl();
  // The SP values are the server's own (SAML responses are checked against them), with a warning
  // when they cannot work for a cloud IdP or are not the address in this admin's browser.
  const spAdvice = await originAdvice({ followBrowser: false });
  const urls = spUrls(origin);
  let connections: ConnectionSummary[] = [];
  let unavailable: string | null = null;
  try {
    connections = await listTeamConnections({ jackson: await getJackson(), db: ctx.db }, ctx.team.id);
  } catch (e) {
    unavailable = e instanceof SsoError ? e.message : "Single sign-on is unavailable right now.";
  }
  const domains = await listTeamDomains(ctx.db, ctx.team.id);
  const verifiedDomains = domains.filter((d) => d.verifiedAt);
  const routedTo = (connectionId: string) => verifiedDomains.filter((d) => connectionForDomain(d, connections)?.id === connectionId).map((d) => d.domain);
  const canVerifyManually = ctx.can("sso.domains.verify_manually") && manualVerificationOnThisServer(origin);
  const preview = await loadEnforcementPreview(
    ctx.db,
    ctx.team.id,
    verifiedDomains.map((d) => d.domain),
  );
  const untested = connections.filter((c) => !c.testedAt && routedTo(c.id).length > 0);
  const setupLinks = ctx.can("sso.setup_links.manage") ? await listSetupLinks(ctx.db, ctx.team.id) : null;
  const connectionActions = {
    saveSaml: saveSamlConnectionAction.bind(null, slug),
    saveOidc: saveOidcConnectionAction.bind(null, slug),
    remove: deleteConnectionAction.bind(null, slug),
  };

  return (
    <div className="space-y-6">
      <div>
        <Link href={`/teams/${slug}/members`} className="text-sm text-brand-600 hover:underline">
          ← Manage Team
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Single sign-on</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Connect {ctx.team.name} to your identity provider (Okta, Microsoft Entra ID, Google Workspace, …). People whose email is on one of the
          verified domains below then sign in with “Continue with SSO”.
        </p>
      </div>

      {testResult === "ok" && (
        <p role="status" data-testid="test-result" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Test sign-in succeeded: the connection works. You are still signed in as {ctx.user.email}.
        </p>
      )}
      {testResult === "failed" && (
        <p role="alert" data-testid="test-result" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Test sign-in failed: {testWhy || "the identity provider did not sign you in."}
        </p>
      )}
      {unavailable && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {unavailable}
        </p>
      )}

      <section aria-labelledby="sp-heading" className={card}>
        <h2 id="sp-heading" className="text-lg font-semibold">1. Give these to your identity provider</h2>
        <p className="mt-1 text-sm text-slate-600">Create a SAML application in your IdP with these values, or let it read our metadata.</p>
        <div className="mt-3">
          <OriginWarnings advice={spAdvice} id="sp-warnings" />
        </div>
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-[14rem_1fr] sm:items-center">
          <dt className="font-medium text-slate-700">ACS URL (Reply URL)</dt>
          <dd><CopyValue label="ACS URL" value={urls.acsUrl} testId="sp-acs-url" /></dd>
          <dt className="font-medium text-slate-700">SP Entity ID (Audience)</dt>
          <dd><CopyValue label="SP Entity ID" value={urls.entityId} testId="sp-entity-id" /></dd>
          <dt className="font-medium text-slate-700">SP metadata URL</dt>
          <dd className="space-y-1">
            <CopyValue label="SP metadata URL" value={urls.metadataUrl} testId="sp-metadata-url" />
            <a href={`${urls.metadataUrl}?download`} download className="text-xs text-brand-600 hover:underline">
              Download SP metadata (XML)
            </a>
          </dd>
          <dt className="font-medium text-slate-700">Name ID</dt>
          <dd className="text-slate-600">The user&apos;s email address. Optional attributes: firstName, lastName, role, groups.</dd>
        </dl>
        {/* The customer guides send admins through their IdP's own screens ("Single sign-on URL", "Audience URI"): the same steps, in its words, with these values. */}
        <div className="mt-4">
          <IdpWalkthroughs
            urls={urls}
            scimEndpoint={`${(await originAdvice({ followBrowser: true })).shown}/api/scim/v2`}
            token={
              <>
                a token from{" "}
                <Link href={`/teams/${slug}/members#scim`} className={ui.link}>
                  Manage Team → Show SCIMv2 Details
                </Link>
              </>
            }
          />
        </div>
      </section>

      <section aria-labelledby="idp-heading" className={card}>
        <h2 id="idp-heading" className="text-lg font-semibold">2. Your identity providers</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          One connection per identity provider, SAML or OpenID Connect. With several (two IdPs during a migration, one per subsidiary), each
          verified domain signs in through the connection chosen for it below; domains not assigned use the default connection (the oldest).
        </p>
        <div className="mt-4 space-y-4">
          {connections.map((c) => (
            <ConnectionDetail
              key={c.id}
              connection={c}
              routedDomains={routedTo(c.id)}
              actions={connectionActions}
              testHref={`/api/sso/test/start?team=${encodeURIComponent(slug)}&connection=${encodeURIComponent(c.id)}`}
              oidcRedirect={{ teamId: ctx.team.id, redirectBase: urls.oidcRedirectBase }}
            >
              {c.saml && (
                <ConnectionExtras
                  db={ctx.db}
                  slug={slug}
                  teamId={ctx.team.id}
                  connection={{ clientID: c.clientID, idpEntityId: c.saml.idpEntityId, certificateExpires: c.saml.certificateExpires }}
                />
              )}
            </ConnectionDetail>
          ))}
          {connections.length === 0 && <p className="text-sm text-slate-600">No identity provider is connected yet.</p>}
          <div className="rounded-md border border-slate-200 p-4">
            <h3 className="mb-1 text-sm font-semibold">Add a connection</h3>
            <AddConnection saveSaml={connectionActions.saveSaml} saveOidc={connectionActions.saveOidc} oidcRedirect={{ teamId: ctx.team.id, redirectBase: urls.oidcRedirectBase }} />
          </div>
        </div>
      </section>

      <section aria-labelledby="domains-heading" className={card}>
        <h2 id="domains-heading" className="text-lg font-semibold">3. Email domains</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Only verified domains route people to your IdP, and your IdP is trusted only for emails on them. To verify, publish the TXT record shown
          and choose “Check DNS”.
          {canVerifyManually && " On this server an owner may also mark a domain verified by hand, e.g. where DNS cannot be reached."}
        </p>
        <div className="mt-4">
          <DomainList
            domains={domains}
            connections={connections}
            canVerifyManually={canVerifyManually}
            canRemoveVerified={savesForOwners(ctx.actor)}
            actions={{
              add: addDomainAction.bind(null, slug),
              verify: verifyDomainAction.bind(null, slug),
              remove: removeDomainAction.bind(null, slug),
              route: routeDomainAction.bind(null, slug),
            }}
          />
        </div>
      </section>

      <section aria-labelledby="settings-heading" className={card}>
        <h2 id="settings-heading" className="text-lg font-semibold">4. Sign-in rules</h2>
        {!ctx.team.ssoRequired && untested.length > 0 && (
          <p data-testid="require-sso-untested" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Before you can require SSO, run a successful “Test sign-in” through {untested.map((c) => `“${c.label}”`).join(", ")}.
          </p>
        )}
        <div className="mt-4">
          <RequireSsoPreview preview={preview} />
        </div>
        <div className="mt-4">
          <SsoForm action={saveSettingsAction.bind(null, slug)} submitLabel="Save settings" aria-label="Sign-in rules">
            <label className="flex items-start gap-3 text-sm">
              <input type="checkbox" name="ssoRequired" defaultChecked={ctx.team.ssoRequired} className="mt-1" />
              <span>
                <span className="font-medium">Require SSO</span>
                <span className="block text-slate-600">
                  People on the verified domains cannot sign in with a password; they use “Continue with SSO”. Owners of this team keep their password as
                  a way back in if the IdP fails.
                </span>
              </span>
            </label>
            <label className="flex items-start gap-3 text-sm">
              <input type="checkbox" name="jitProvisioning" defaultChecked={ctx.team.jitProvisioning} className="mt-1" />
              <span>
                <span className="font-medium">Just-in-time provisioning</span>
                <span className="block text-slate-600">
                  Automatically provision new users on their first sign-in: someone your IdP lets in who is not a member yet becomes one. When off, they
                  are told to ask you to assign them the app.
                </span>
              </span>
            </label>
            {/* The default role is set in one place, the team settings page. */}
            <p className="text-sm text-slate-600">
              New members get the team&apos;s default role ({ctx.team.defaultRole === "ADMIN" ? "Admin" : "Member"}) unless the assertion carries a{" "}
              <code>role</code> or a role-mapped <code>groups</code> value; change it in{" "}
              <Link href={`/teams/${slug}/settings`} className="text-brand-600 underline">
                Team settings
              </Link>
              .
            </p>
          </SsoForm>
        </div>
      </section>

      {setupLinks && <SetupLinksSection links={setupLinks} create={createSetupLinkAction.bind(null, slug)} revoke={revokeSetupLinkAction.bind(null, slug)} />}
    </div>
  );
}
