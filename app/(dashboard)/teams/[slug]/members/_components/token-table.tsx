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

export function TokenTable({ slug, tokens }: { slug: string; tokens: ScimTokenListItem[] }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-600">No tokens yet. Generate one to connect your identity provider.</p>;
  const now = new Date();
  return (
    <DataTable
      caption="SCIM tokens"
      id={TOKEN_TABLE_ID}
      className="rounded-lg border border-slate-200"
      columns={["Name", "Token", "Created", "Last used", "Expires", "Owners", "Status", { label: "Actions", srOnly: true }]}
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
            <td className={`${ui.td} whitespace-nowrap`}>{t.mayManageOwners ? "Can manage" : "Cannot change"}</td>
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
