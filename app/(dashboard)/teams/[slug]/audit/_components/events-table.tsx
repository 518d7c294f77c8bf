import type { AuditEventItem } from "@/lib/audit/list-audit";
import { ui } from "@/components/ui";
import { DataTable } from "@/components/data-table";
import { formatDateTime } from "../../_lib/format";
import { ACTOR_TYPES, type ActorType } from "../_lib/labels";

/** Short, readable details: `{from: "MEMBER", to: "ADMIN"}` reads as `from MEMBER, to ADMIN`. */
function describe(details: unknown): string {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

export function EventsTable({ events }: { events: AuditEventItem[] }) {
  return (
    <DataTable
      caption="Audit events, newest first"
      columns={["Time", "Actor", "Action", "Target", "Details"]}
      empty={events.length === 0 && "No events match."}
    >
      {events.map((e) => (
        <tr key={e.id} data-testid="audit-row" data-action={e.action}>
          <td className={`${ui.td} whitespace-nowrap text-slate-600`}>
            <time dateTime={e.createdAt.toISOString()}>{formatDateTime(e.createdAt)}</time>
          </td>
          <td className={ui.td}>
            <span className="break-all">{e.actorLabel}</span>
            <span className="ml-1.5 text-xs text-slate-500">{ACTOR_TYPES[e.actorType as ActorType] ?? e.actorType}</span>
          </td>
          <td className={`${ui.td} font-mono text-xs whitespace-nowrap`}>{e.action}</td>
          <td className={`${ui.td} break-all`}>{e.targetLabel ?? e.targetId ?? "—"}</td>
          <td className={`${ui.td} max-w-xs text-xs break-words text-slate-600`}>{describe(e.details)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
