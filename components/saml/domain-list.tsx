// The team's SSO email domains: proof of ownership (TXT record), and which connection each one
// signs in through. Shared by the SSO page and the setup link page.
import type { ConnectionSummary } from "@/lib/saml/connections";
import { txtRecordName, txtRecordValue } from "@/lib/saml/domains";
import { ui } from "../ui";
import { CopyValue } from "./copy-value";
import { SsoForm } from "./sso-form";
import type { SsoActionState } from "./types";

type Action = (prev: SsoActionState, data: FormData) => Promise<SsoActionState>;
type DomainRow = { id: string; domain: string; verifiedAt: Date | null; verificationToken: string; connectionId: string | null };

export function DomainList({
  domains,
  connections,
  actions,
  canVerifyManually,
  canRemoveVerified,
}: {
  domains: DomainRow[];
  connections: ConnectionSummary[];
  actions: { add: Action; verify: Action; remove: Action; route: Action };
  canVerifyManually: boolean;
  /** An owner's authority (lib/saml/team-domains.ts removeTeamDomain): a verified domain released could be claimed by another team. */
  canRemoveVerified: boolean;
}) {
  return (
    <div>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {domains.map((d) => (
          <li key={d.id} data-testid="domain-row" data-domain={d.domain} className="space-y-2 p-4">
            <div className="flex flex-wrap items-center gap-3">
              <span className="font-medium">{d.domain}</span>
              {d.verifiedAt ? (
                <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">Verified</span>
              ) : (
                <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-600/20 ring-inset">Pending verification</span>
              )}
              {/* In the header row, not beside Check DNS: a DNS error message there would push it to a new line. */}
              <div className="ml-auto">
                {d.verifiedAt && !canRemoveVerified ? (
                  <span className="text-xs text-slate-500">Only an owner can remove a verified domain</span>
                ) : (
                  <SsoForm
                    action={actions.remove}
                    submitLabel="Remove"
                    pendingLabel="Removing…"
                    tone="danger"
                    confirm={`Remove ${d.domain}? People on it will no longer be routed to your IdP.`}
                    className="flex flex-wrap items-center justify-end gap-3"
                  >
                    <input type="hidden" name="domainId" value={d.id} />
                  </SsoForm>
                )}
              </div>
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
              {connections.length > 1 && (
                <SsoForm action={actions.route} submitLabel="Route" pendingLabel="Saving…" tone="secondary" className="flex flex-wrap items-center gap-2" aria-label={`Connection for ${d.domain}`}>
                  <input type="hidden" name="domainId" value={d.id} />
                  <label htmlFor={`route-${d.id}`} className="text-sm text-slate-600">
                    Signs in through
                  </label>
                  <select id={`route-${d.id}`} name="connectionId" defaultValue={d.connectionId ?? ""} className={`${ui.input} w-auto`}>
                    <option value="">Default connection</option>
                    {connections.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </SsoForm>
              )}
              {!d.verifiedAt && (
                <SsoForm action={actions.verify} submitLabel="Check DNS" pendingLabel="Checking…" tone="secondary" className="flex flex-wrap items-center gap-3">
                  <input type="hidden" name="domainId" value={d.id} />
                  <input type="hidden" name="method" value="dns" />
                </SsoForm>
              )}
              {!d.verifiedAt && canVerifyManually && (
                <SsoForm
                  action={actions.verify}
                  submitLabel="Mark as verified"
                  tone="secondary"
                  confirm={`Mark ${d.domain} as verified without the DNS record? Do this only if your organisation owns it.`}
                  className="flex flex-wrap items-center gap-3"
                >
                  <input type="hidden" name="domainId" value={d.id} />
                  <input type="hidden" name="method" value="manual" />
                </SsoForm>
              )}
            </div>
          </li>
        ))}
        {domains.length === 0 && <li className="p-4 text-sm text-slate-500">No domains yet.</li>}
      </ul>
      <div className="mt-4">
        <SsoForm action={actions.add} submitLabel="Add domain" pendingLabel="Adding…" resetOnSuccess aria-label="Add domain">
          <div className="max-w-sm space-y-1">
            <label htmlFor="domain" className={ui.label}>
              Domain
            </label>
            <input id="domain" name="domain" maxLength={300} placeholder="example.com" autoComplete="off" className={ui.input} />
          </div>
        </SsoForm>
      </div>
    </div>
  );
}
