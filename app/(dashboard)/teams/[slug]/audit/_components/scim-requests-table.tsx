import type { ScimRequestItem } from "@/lib/audit/list-audit";
import { ui } from "@/components/ui";
import { DataTable } from "@/components/data-table";
import { formatDateTime } from "../../_lib/format";

const tone = (status: number) => (status >= 500 ? "bg-red-50 text-red-700" : status >= 400 ? "bg-amber-50 text-amber-800" : "bg-emerald-50 text-emerald-700");

export function ScimRequestsTable({ requests }: { requests: ScimRequestItem[] }) {
  return (
    <DataTable
      caption="SCIM requests, newest first"
      columns={["Time", "Method", "Path", "Status", "Duration", "User agent"]}
      empty={requests.length === 0 && "No SCIM requests yet. They appear here as soon as your identity provider calls the SCIM endpoint."}
    >
      {requests.map((r) => (
        <tr key={r.id} data-testid="scim-request-row">
          <td className={`${ui.td} whitespace-nowrap text-slate-600`}>
            <time dateTime={r.createdAt.toISOString()}>{formatDateTime(r.createdAt)}</time>
          </td>
          <td className={`${ui.td} font-mono text-xs`}>{r.method}</td>
          <td className={`${ui.td} font-mono text-xs break-all`}>{r.path}</td>
          <td className={ui.td}>
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium tabular-nums ${tone(r.status)}`}>{r.status}</span>
          </td>
          <td className={`${ui.td} whitespace-nowrap tabular-nums`}>{r.durationMs} ms</td>
          <td className={`${ui.td} max-w-xs text-xs break-words text-slate-600`}>{r.userAgent ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
