import type { ScimTokenListItem } from "@/lib/scim-tokens/list-tokens";
import { ui } from "@/components/ui";
import { DataTable } from "@/components/data-table";
import { formatDate, formatDateTime } from "../../_lib/format";
import { RevokeTokenButton } from "./revoke-token-button";
import { TOKEN_TABLE_ID } from "./token-table-id";
import { RotateTokenForm } from "./rotate-token-form";
import { tokenExpiryState } from "@/lib/scim-tokens/token-expiry";
import { readTokenScope, TOKEN_SCOPE_LABELS } from "@/lib/scim-tokens/token-scope";

function tokenState(t: ScimTokenListItem, now: Date) {
  if (t.revokedAt) return { label: "Revoked", tone: "bg-slate-100 text-slate-600" };
  const expiry = tokenExpiryState(t, now);
  if (expiry.kind === "expired") return { label: "Expired", tone: "bg-amber-50 text-amber-800" };
  if (expiry.kind === "retiring") return { label: `Rotated: works until ${formatDateTime(expiry.until)}`, tone: "bg-sky-50 text-sky-800" };
  if (expiry.kind === "expiring") return { label: `Expires in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? "" : "s"}`, tone: "bg-amber-50 text-amber-800" };
  return { label: "Active", tone: "bg-emerald-50 text-emerald-700" };
}

// What the token may do to owners, as a sentence (see lib/members/owner-authority.ts).
const ownerAuthority = (mayManageOwners: boolean) => (mayManageOwners ? "Everyone, owners included" : "Admins and members, not owners");

/**
 * Live tokens, then revoked ones folded under "Show revoked tokens" (a <details>, so it works without
 * JavaScript): they stay readable for telling which token a failing IdP still sends, without
 * growing the list forever.
 */
export function TokenTable({ slug, tokens }: { slug: string; tokens: ScimTokenListItem[] }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-600">No tokens yet. Generate one to connect your identity provider.</p>;
  // A token revoked by a rotation moments ago stays in the list: its row shows the successor's secret.
  const now = Date.now();
  const inView = (t: ScimTokenListItem) => !t.revokedAt || (!!t.replacedById && !!t.rotatedAt && now - t.rotatedAt.getTime() < 15 * 60_000);
  const live = tokens.filter(inView);
  const revoked = tokens.filter((t) => !inView(t));
  return (
    <div className="space-y-3">
      {/* Always rendered, empty or not: focus moves here when a token is revoked and must survive the re-render. */}
      <Tokens slug={slug} tokens={live} caption="SCIM tokens" id={TOKEN_TABLE_ID} empty="No active tokens. Generate one to connect your identity provider." />
      {revoked.length > 0 && (
        <details data-testid="revoked-tokens">
          <summary className={`w-fit cursor-pointer text-sm ${ui.link}`}>Show revoked tokens ({revoked.length})</summary>
          <div className="mt-2">
            <Tokens slug={slug} tokens={revoked} caption="Revoked SCIM tokens" />
          </div>
        </details>
      )}
    </div>
  );
}

function Tokens({ slug, tokens, caption, id, empty }: { slug: string; tokens: ScimTokenListItem[]; caption: string; id?: string; empty?: string }) {
  const now = new Date();
  const expiring = tokens.filter((t) => !t.replacedById && tokenExpiryState(t, now).kind === "expiring");
  return (
    <div className="space-y-3">
    {expiring.length > 0 && (
      <p role="alert" data-testid="token-expiry-warning" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        {expiring.map((t) => `“${t.name}”`).join(", ")} {expiring.length === 1 ? "expires" : "expire"} within 14 days. Rotate{" "}
        {expiring.length === 1 ? "it" : "them"} and give your identity provider the new token before provisioning stops.
      </p>
    )}
    <DataTable
      caption={caption}
      id={id}
      empty={tokens.length === 0 ? empty : undefined}
      className="rounded-lg border border-slate-200"
      columns={["Name", "Token", "Access", "Created", "Last used", "Expires", "Can change", "Status", { label: "Actions", srOnly: true }]}
    >
      {tokens.map((t) => {
        const state = tokenState(t, now);
        return (
          <tr key={t.id} data-testid="token-row" data-token-name={t.name}>
            <td className={`${ui.td} font-medium`}>{t.name}</td>
            <td className={`${ui.td} font-mono text-xs whitespace-nowrap`}>{t.prefix}…</td>
            <td className={`${ui.td} whitespace-nowrap`}>{TOKEN_SCOPE_LABELS[readTokenScope(t.scope)]}</td>
            <td className={`${ui.td} whitespace-nowrap`}>{formatDate(t.createdAt)}</td>
            <td className={`${ui.td} whitespace-nowrap`}>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
            <td className={`${ui.td} whitespace-nowrap`}>{t.expiresAt ? formatDate(t.expiresAt) : "Never"}</td>
            <td className={ui.td}>{ownerAuthority(t.mayManageOwners)}</td>
            <td className={ui.td}>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${state.tone}`}>{state.label}</span>
            </td>
            <td className={`${ui.td} text-right`}>
              <div className="flex flex-wrap items-start justify-end gap-2">
                {/* Stays mounted after a rotation (the row is then "Rotated") so the new secret stays on screen. */}
                {(!t.revokedAt || t.replacedById) && <RotateTokenForm slug={slug} tokenId={t.id} name={t.name} canRotate={!t.replacedById && tokenExpiryState(t, now).kind !== "expired"} />}
                {!t.revokedAt && <RevokeTokenButton slug={slug} tokenId={t.id} name={t.name} />}
              </div>
            </td>
          </tr>
        );
      })}
    </DataTable>
    </div>
  );
}
