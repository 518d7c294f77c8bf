import type { ScimTokenListItem } from "@/lib/scim-tokens/list-tokens";
import { ui } from "@/components/ui";
import { DataTable } from "@/components/data-table";
import { formatDate, formatDateTime } from "../../_lib/format";
import { RevokeTokenButton } from "./revoke-token-button";
import { TOKEN_TABLE_ID } from "./token-table-id";

function tokenState(t: ScimTokenListItem, now: Date) {
  if (t.revokedAt) return { label: "Revoked", tone: "bg-slate-100 text-slate-600" };
  if (t.expiresAt && t.expiresAt <= now) return { label: "Expired", tone: "bg-amber-50 text-amber-800" };
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
  const live = tokens.filter((t) => !t.revokedAt);
  const revoked = tokens.filter((t) => t.revokedAt);
  return (
    <div className="space-y-3">
      {live.length > 0 ? <Tokens slug={slug} tokens={live} caption="SCIM tokens" id={TOKEN_TABLE_ID} /> : <p id={TOKEN_TABLE_ID} tabIndex={-1} className="text-sm text-slate-600">No active tokens. Generate one to connect your identity provider.</p>}
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

function Tokens({ slug, tokens, caption, id }: { slug: string; tokens: ScimTokenListItem[]; caption: string; id?: string }) {
  const now = new Date();
  return (
    <DataTable
      caption={caption}
      id={id}
      className="rounded-lg border border-slate-200"
      columns={["Name", "Token", "Created", "Last used", "Expires", "Can change", "Status", { label: "Actions", srOnly: true }]}
    >
      {tokens.map((t) => {
        const state = tokenState(t, now);
        return (
          <tr key={t.id} data-testid="token-row" data-token-name={t.name}>
            <td className={`${ui.td} font-medium`}>{t.name}</td>
            <td className={`${ui.td} font-mono text-xs whitespace-nowrap`}>{t.prefix}…</td>
            <td className={`${ui.td} whitespace-nowrap`}>{formatDate(t.createdAt)}</td>
            <td className={`${ui.td} whitespace-nowrap`}>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
            <td className={`${ui.td} whitespace-nowrap`}>{t.expiresAt ? formatDate(t.expiresAt) : "Never"}</td>
            <td className={ui.td}>{ownerAuthority(t.mayManageOwners)}</td>
            <td className={ui.td}>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${state.tone}`}>{state.label}</span>
            </td>
            <td className={`${ui.td} text-right`}>{!t.revokedAt && <RevokeTokenButton slug={slug} tokenId={t.id} name={t.name} />}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
