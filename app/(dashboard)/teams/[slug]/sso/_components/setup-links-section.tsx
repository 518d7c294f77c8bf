// Owners: links for the customer's IT admin to configure this team's SSO without an account.
import { setupLinkStatus } from "@/lib/saml/setup-links";
import { SecretOnceForm } from "@/components/saml/secret-once-form";
import { SsoForm } from "@/components/saml/sso-form";
import type { SsoActionState } from "@/components/saml/types";
import { ui } from "@/components/ui";
import { formatDateTime } from "../../_lib/format";

type Action = (prev: SsoActionState, data: FormData) => Promise<SsoActionState>;
type Link = { id: string; createdByLabel: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null; lastUsedAt: Date | null; makerGone: boolean };

export function SetupLinksSection({ links, create, revoke }: { links: Link[]; create: Action; revoke: Action }) {
  return (
    <section aria-labelledby="setup-links-heading" className={`${ui.card} p-6`}>
      <h2 id="setup-links-heading" className="text-lg font-semibold">
        Setup link for your customer&apos;s IT admin
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">
        Someone without a Gatehouse account can use this link to set up this team&apos;s single sign-on: a SAML or OpenID Connect connection, domain
        verification and a SCIM token, with walkthroughs for Okta, Entra ID and Google Workspace. It opens nothing else (no member list, no other
        team), stops working when it expires, and you can revoke it at any time.
      </p>
      <div className="mt-4">
        <SecretOnceForm action={create} submitLabel="Create setup link" aria-label="Create setup link">
          <div className="space-y-1">
            <label htmlFor="setup-days" className={ui.label}>
              Valid for
            </label>
            <select id="setup-days" name="days" defaultValue="3" className={`${ui.input} w-auto`}>
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <option key={d} value={d}>
                  {d} {d === 1 ? "day" : "days"}
                </option>
              ))}
            </select>
          </div>
        </SecretOnceForm>
      </div>
      {links.length > 0 && (
        <ul className="mt-4 divide-y divide-slate-100 rounded-md border border-slate-200">
          {links.map((l) => {
            const status = setupLinkStatus(l);
            // Opens nothing while its maker is no longer an owner; made one again, they find it working: revocable either way.
            const stopped = status === "active" && l.makerGone;
            return (
              <li key={l.id} data-testid="setup-link-row" data-status={stopped ? "maker_gone" : status} className="flex flex-wrap items-center gap-3 p-3 text-sm">
                <span className="font-medium capitalize">{stopped ? "stopped" : status}</span>
                <span className="text-slate-600">
                  created by {l.createdByLabel} {formatDateTime(l.createdAt)}; {status === "revoked" ? "revoked" : `expires ${formatDateTime(l.expiresAt)}`}
                  {l.lastUsedAt ? `; last used ${formatDateTime(l.lastUsedAt)}` : "; not used yet"}
                  {stopped && "; opens nothing while its creator is no longer an owner of this team"}
                </span>
                {status === "active" && (
                  <SsoForm action={revoke} submitLabel="Revoke" pendingLabel="Revoking…" tone="danger" confirm="Revoke this setup link? It stops working at once." className="flex items-center gap-2">
                    <input type="hidden" name="linkId" value={l.id} />
                  </SsoForm>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
