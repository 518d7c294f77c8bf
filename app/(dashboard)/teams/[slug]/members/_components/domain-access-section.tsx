import { Suspense } from "react";
import Link from "next/link";
import { listTeamConnections } from "@/lib/saml/connections";
import { getDb } from "@/lib/db/client";
import { getJackson } from "@/lib/saml/jackson";
import type { ProvisioningSummary } from "@/lib/provisioning/summary";
import { Disclosure } from "@/components/disclosure";
import { ui } from "@/components/ui";
import { formatCount, formatDateTime } from "../../_lib/format";
import { ScimDetails } from "./scim-details";

// DOMAIN ACCESS & SSO: the section customer guides send admins to ("click Show SCIMv2 Details").
// It sits near the top of Manage Team, with a summary, and has an address of its own
// (/teams/<slug>/members#scim opens the SCIM details). SAML is configured on its own page.
export function DomainAccessSection({
  slug,
  teamId,
  canManageScim,
  canManageSaml,
  summary,
}: {
  slug: string;
  teamId: string;
  canManageScim: boolean;
  canManageSaml: boolean;
  summary: ProvisioningSummary | null;
}) {
  return (
    <section id="scim" aria-labelledby="domain-access-heading" className={`${ui.card} scroll-mt-4 p-5 sm:p-6`}>
      <h2 id="domain-access-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
        Domain access &amp; SSO
      </h2>
      <p className="mt-2 max-w-3xl text-sm text-slate-600">
        Connect your identity provider: SAML lets people sign in with it, SCIM (System for Cross-domain Identity Management) creates, updates and
        deactivates members here as you assign them there.
      </p>
      {summary && (
        <dl data-testid="provisioning-summary" className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-slate-500">SAML</dt>
            <dd className="font-medium">
              <Suspense fallback="Checking…">
                <SamlStatus teamId={teamId} />
              </Suspense>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Domains</dt>
            <dd className="font-medium">
              {summary.domains.total === 0 ? "None yet" : `${formatCount(summary.domains.verified)} of ${formatCount(summary.domains.total)} verified`}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">SCIM tokens</dt>
            <dd className="font-medium">{summary.activeTokens === 0 ? "None active" : `${formatCount(summary.activeTokens)} active`}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Last SCIM request</dt>
            <dd className="font-medium">
              {summary.lastRequest ? (
                <Link href={`/teams/${slug}/audit?view=scim${summary.lastRequest.status >= 400 ? "&errors=1" : ""}`} className={ui.link}>
                  {formatDateTime(summary.lastRequest.at)} · {summary.lastRequest.status}
                  {summary.lastRequest.authProblem && ` (${summary.lastRequest.authProblem} token)`}
                </Link>
              ) : (
                "None yet"
              )}
            </dd>
          </div>
        </dl>
      )}
      <div className="mt-4 flex flex-wrap items-start gap-x-6 gap-y-4">
        {canManageSaml && (
          <Link href={`/teams/${slug}/sso`} className={ui.secondary}>
            Configure SAML single sign-on
          </Link>
        )}
      </div>
      <div className="mt-4">
        {canManageScim ? (
          <Disclosure showLabel="Show SCIMv2 Details" hideLabel="Hide SCIMv2 Details" openOnHash="scim">
            <ScimDetails slug={slug} />
          </Disclosure>
        ) : (
          <p className="text-sm text-slate-600">Only owners and admins can see provisioning details and manage SSO.</p>
        )}
      </div>
    </section>
  );
}

/** Read from jackson, which may be starting or unavailable: streamed, so it never holds up the page. */
async function SamlStatus({ teamId }: { teamId: string }) {
  try {
    const n = (await listTeamConnections({ jackson: await getJackson(), db: await getDb() }, teamId)).length;
    return n === 0 ? "Not connected" : n === 1 ? "Connected" : `${n} connections`;
  } catch {
    return "Unavailable right now";
  }
}
