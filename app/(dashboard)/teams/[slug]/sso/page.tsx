import type { Metadata } from "next";
import Link from "next/link";
import { getTeamContext } from "@/lib/auth/team-context";
import { appUrl } from "@/lib/env";
import { originAdvice } from "@/lib/public-url/request-origin";
import { spUrls } from "@/lib/saml/constants";
import { getTeamConnection, type ConnectionSummary } from "@/lib/saml/connections";
import { txtRecordName, txtRecordValue } from "@/lib/saml/domains";
import { SsoError } from "@/lib/saml/errors";
import { getJackson } from "@/lib/saml/jackson";
import { manualVerificationAllowed } from "@/lib/saml/policy";
import { listTeamDomains } from "@/lib/saml/team-domains";
import { OriginWarnings } from "@/components/origin-warnings";
import { CopyValue } from "@/components/saml/copy-value";
import { MetadataFields } from "@/components/saml/metadata-fields";
import { SsoForm } from "@/components/saml/sso-form";
import { TestConnectionButton } from "@/components/saml/test-connection-button";
import { ui } from "@/components/ui";
import { formatDate } from "../_lib/format";
import {
  addDomainAction,
  deleteConnectionAction,
  removeDomainAction,
  saveConnectionAction,
  saveSettingsAction,
  verifyDomainAction,
} from "./actions";

export const metadata: Metadata = { title: "Single sign-on" };

const card = `${ui.card} p-6`;

export default async function SsoPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  const tested = (await searchParams).tested === "1";
  if (!ctx.can("saml.manage")) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Single sign-on</h1>
        {tested && (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Test sign-in succeeded: you are now signed in as {ctx.user.email}.
          </p>
        )}
        <p className="text-slate-600">Only owners and admins can configure single sign-on for {ctx.team.name}.</p>
      </div>
    );
  }

  const origin = appUrl();
  // The SP values are the server's own (SAML responses are checked against them), with a warning
  // when they cannot work for a cloud IdP or are not the address in this admin's browser.
  const spAdvice = await originAdvice({ followBrowser: false });
  const urls = spUrls(origin);
  let connection: ConnectionSummary | null = null;
  let unavailable: string | null = null;
  try {
    connection = await getTeamConnection(await getJackson(), ctx.team.id);
  } catch (e) {
    unavailable = e instanceof SsoError ? e.message : "Single sign-on is unavailable right now.";
  }
  const domains = await listTeamDomains(ctx.db, ctx.team.id);
  const canVerifyManually = manualVerificationAllowed({ flag: process.env.SSO_MANUAL_DOMAIN_VERIFICATION, appUrl: origin }) && ctx.membership.role === "OWNER";
  const returnTo = `/teams/${slug}/sso?tested=1`;

  return (
    <div className="space-y-6">
      <div>
        <Link href={`/teams/${slug}/members`} className="text-sm text-brand-600 hover:underline">
          ← Manage Team
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Single sign-on (SAML)</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Connect {ctx.team.name} to your identity provider (Okta, Microsoft Entra ID, Google Workspace, …). People whose email is on one of the
          verified domains below then sign in with “Continue with SSO”.
        </p>
      </div>

      {tested && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Test sign-in succeeded: your identity provider signed you in as {ctx.user.email}.
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
      </section>

      <section aria-labelledby="idp-heading" className={card}>
        <h2 id="idp-heading" className="text-lg font-semibold">2. Your identity provider</h2>
        {/* The metadata form keeps its place whether or not a connection exists, so its message
            survives the switch from "add" to "connected" after a save. */}
        <div className="mt-4 space-y-5">
          {connection ? (
            <>
              <dl data-testid="saml-connection" className="grid gap-2 text-sm sm:grid-cols-[14rem_1fr]">
                <dt className="font-medium text-slate-700">IdP entity ID</dt>
                <dd className="break-all">{connection.idpEntityId}</dd>
                <dt className="font-medium text-slate-700">Sign-in URL</dt>
                <dd className="break-all">{connection.ssoUrl ?? "—"}</dd>
                <dt className="font-medium text-slate-700">Signing certificate expires</dt>
                <dd>{connection.certificateExpires ? formatDate(connection.certificateExpires) : "Unknown"}</dd>
                {connection.metadataUrl && (
                  <>
                    <dt className="font-medium text-slate-700">Loaded from</dt>
                    <dd className="break-all">{connection.metadataUrl}</dd>
                  </>
                )}
              </dl>
              <div className="flex flex-wrap items-start gap-3">
                <TestConnectionButton teamId={ctx.team.id} returnTo={returnTo} />
                <SsoForm
                  action={deleteConnectionAction.bind(null, slug)}
                  submitLabel="Delete connection"
                  pendingLabel="Deleting…"
                  tone="danger"
                  confirm="Delete the SAML connection? People will no longer be able to sign in with SSO."
                  className="flex flex-wrap items-center gap-3"
                >
                  {null}
                </SsoForm>
              </div>
            </>
          ) : (
            <p className="text-sm text-slate-600">No identity provider is connected yet.</p>
          )}
          <div className="rounded-md border border-slate-200 p-4">
            <h3 className="mb-1 text-sm font-semibold">{connection ? "Replace the IdP metadata" : "Add your IdP's metadata"}</h3>
            <p className="mb-3 text-sm text-slate-600">Paste the metadata XML your IdP offers for download, or the URL it publishes it at.</p>
            <SsoForm action={saveConnectionAction.bind(null, slug)} submitLabel="Save connection" resetOnSuccess aria-label="IdP metadata">
              <MetadataFields defaultUrl={connection?.metadataUrl} />
            </SsoForm>
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
        <ul className="mt-4 divide-y divide-slate-100 rounded-md border border-slate-200">
          {domains.map((d) => (
            <li key={d.id} data-testid="domain-row" data-domain={d.domain} className="space-y-2 p-4">
              <div className="flex flex-wrap items-center gap-3">
                <span className="font-medium">{d.domain}</span>
                {d.verifiedAt ? (
                  <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">Verified</span>
                ) : (
                  <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-600/20 ring-inset">Pending verification</span>
                )}
              </div>
              {!d.verifiedAt && (
                <div className="grid gap-2 text-sm sm:grid-cols-[8rem_1fr] sm:items-center">
                  <span className="text-slate-600">TXT name</span>
                  <CopyValue label={`TXT record name for ${d.domain}`} value={txtRecordName(d.domain)} />
                  <span className="text-slate-600">TXT value</span>
                  <CopyValue label={`TXT record value for ${d.domain}`} value={txtRecordValue(d.verificationToken)} />
                </div>
              )}
              <div className="flex flex-wrap items-start gap-3">
                {!d.verifiedAt && (
                  <SsoForm action={verifyDomainAction.bind(null, slug)} submitLabel="Check DNS" pendingLabel="Checking…" tone="secondary" className="flex flex-wrap items-center gap-3">
                    <input type="hidden" name="domainId" value={d.id} />
                    <input type="hidden" name="method" value="dns" />
                  </SsoForm>
                )}
                {!d.verifiedAt && canVerifyManually && (
                  <SsoForm action={verifyDomainAction.bind(null, slug)} submitLabel="Mark as verified" tone="secondary" confirm={`Mark ${d.domain} as verified without the DNS record? Do this only if your organisation owns it.`} className="flex flex-wrap items-center gap-3">
                    <input type="hidden" name="domainId" value={d.id} />
                    <input type="hidden" name="method" value="manual" />
                  </SsoForm>
                )}
                <SsoForm action={removeDomainAction.bind(null, slug)} submitLabel="Remove" pendingLabel="Removing…" tone="danger" confirm={`Remove ${d.domain}? People on it will no longer be routed to your IdP.`} className="flex flex-wrap items-center gap-3">
                  <input type="hidden" name="domainId" value={d.id} />
                </SsoForm>
              </div>
            </li>
          ))}
          {domains.length === 0 && <li className="p-4 text-sm text-slate-500">No domains yet.</li>}
        </ul>
        <div className="mt-4">
          <SsoForm action={addDomainAction.bind(null, slug)} submitLabel="Add domain" pendingLabel="Adding…" resetOnSuccess aria-label="Add domain">
            <div className="max-w-sm space-y-1">
              <label htmlFor="domain" className="block text-sm font-medium text-slate-700">
                Domain
              </label>
              <input
                id="domain"
                name="domain"
                placeholder="example.com"
                autoComplete="off"
                className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
              />
            </div>
          </SsoForm>
        </div>
      </section>

      <section aria-labelledby="settings-heading" className={card}>
        <h2 id="settings-heading" className="text-lg font-semibold">4. Sign-in rules</h2>
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
                  Someone your IdP lets in who is not a member yet becomes one at their first sign-in. When off, they are told to ask you to assign them
                  the app.
                </span>
              </span>
            </label>
            <div className="max-w-xs space-y-1">
              <label htmlFor="defaultRole" className="block text-sm font-medium text-slate-700">
                Default role for new members
              </label>
              <select
                id="defaultRole"
                name="defaultRole"
                defaultValue={ctx.team.defaultRole === "ADMIN" ? "ADMIN" : "MEMBER"}
                className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
              >
                <option value="MEMBER">Member</option>
                <option value="ADMIN">Admin</option>
              </select>
              <p className="text-xs text-slate-500">
                Used unless the assertion carries a <code>role</code> attribute (member or admin) or a <code>groups</code> value mapped to a role.
                It is also the role of people your IdP provisions through SCIM without a role attribute or a role-mapped group.
              </p>
            </div>
          </SsoForm>
        </div>
      </section>
    </div>
  );
}
