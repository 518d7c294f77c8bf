import Link from "next/link";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { ACTION_NAMES } from "@/lib/audit/describe-event";
import { ui } from "@/components/ui";
import { ACTOR_TYPES } from "../_lib/labels";
import type { AuditQuery } from "../_lib/query";
import { TimezoneOffsetField } from "./timezone-offset-field";

export function AuditFilters({ q }: { q: AuditQuery }) {
  const active = q.action || q.actor || q.person || q.target || q.from || q.to;
  return (
    <form method="get" aria-label="Filter events" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto]">
      <div>
        <label htmlFor="audit-person" className={ui.label}>
          Person
        </label>
        <input id="audit-person" name="person" type="search" defaultValue={q.person ?? ""} placeholder="Who did it: email or token" className={`${ui.input} mt-1`} />
      </div>
      <div>
        <label htmlFor="audit-target" className={ui.label}>
          Target
        </label>
        <input id="audit-target" name="target" type="search" defaultValue={q.target ?? ""} placeholder="Member, group, token or domain" className={`${ui.input} mt-1`} />
      </div>
      <div>
        <label htmlFor="audit-action" className={ui.label}>
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={q.action ?? ""} className={`${ui.input} mt-1`}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {ACTION_NAMES[a]}
            </option>
          ))}
        </select>
      </div>
      <div className="lg:row-start-2">
        <label htmlFor="audit-actor" className={ui.label}>
          Actor type
        </label>
        <select id="audit-actor" name="actor" defaultValue={q.actor ?? ""} className={`${ui.input} mt-1`}>
          <option value="">Anyone</option>
          {Object.entries(ACTOR_TYPES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="lg:row-start-2">
        <label htmlFor="audit-from" className={ui.label}>
          From
        </label>
        <input id="audit-from" name="from" type="date" defaultValue={q.from ?? ""} className={`${ui.input} mt-1`} />
      </div>
      <div className="lg:row-start-2">
        <label htmlFor="audit-to" className={ui.label}>
          To
        </label>
        <input id="audit-to" name="to" type="date" defaultValue={q.to ?? ""} className={`${ui.input} mt-1`} />
      </div>
      <TimezoneOffsetField />
      <div className="flex items-end gap-3 lg:row-start-2">
        <button type="submit" className={ui.secondary}>
          Filter
        </button>
        {active && (
          <Link href="?" className={`${ui.link} py-2 text-sm whitespace-nowrap`}>
            Clear filters
          </Link>
        )}
      </div>
    </form>
  );
}
