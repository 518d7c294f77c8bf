import Link from "next/link";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { ui } from "@/components/ui";
import { ACTOR_TYPES } from "../_lib/labels";

export function AuditFilters({ action, actorType }: { action?: string; actorType?: string }) {
  return (
    <form method="get" aria-label="Filter events" className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="audit-action" className={ui.label}>
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={action ?? ""} className={`${ui.input} mt-1`}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-actor" className={ui.label}>
          Actor type
        </label>
        <select id="audit-actor" name="actor" defaultValue={actorType ?? ""} className={`${ui.input} mt-1`}>
          <option value="">Anyone</option>
          {Object.entries(ACTOR_TYPES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={ui.secondary}>
        Filter
      </button>
      {(action || actorType) && (
        <Link href="?" className={`${ui.link} py-2 text-sm`}>
          Clear filters
        </Link>
      )}
    </form>
  );
}
