import type { AuditEventItem } from "@/lib/audit/list-audit";
import { describeAuditEvent } from "@/lib/audit/describe-event";
import { ui } from "@/components/ui";
import { DataTable } from "@/components/data-table";
import { LocalTime } from "@/components/local-time";
import { ACTOR_TYPES, type ActorType } from "../_lib/labels";

// One sentence per event (lib/audit/describe-event.ts); the raw action and details stay in the
// CSV export for those who want them. Long emails wrap between words where they can
// (overflow-wrap), never every few letters.
export function EventsTable({ events }: { events: AuditEventItem[] }) {
  return (
    <DataTable
      caption="Audit events, newest first"
      columns={[{ label: "Time", className: `${ui.th} w-52` }, "Event", { label: "Actor type", className: `${ui.th} whitespace-nowrap` }]}
      empty={events.length === 0 && "No events match."}
    >
      {events.map((e) => (
        <tr key={e.id} data-testid="audit-row" data-action={e.action}>
          <td className={`${ui.td} whitespace-nowrap text-slate-600 tabular-nums`}>
            <LocalTime iso={e.createdAt.toISOString()} />
          </td>
          <td className={`${ui.td} break-words`}>{describeAuditEvent(e)}</td>
          <td className={`${ui.td} whitespace-nowrap text-slate-600`}>{ACTOR_TYPES[e.actorType as ActorType] ?? e.actorType}</td>
        </tr>
      ))}
    </DataTable>
  );
}
