import { csvRow } from "../csv/csv";
import { actorName, describeAuditEvent, targetName, type DescribableEvent } from "./describe-event";

// The audit log as CSV (RFC 4180), for spreadsheets; lib/csv escapes cells against formula
// injection (labels come from IdPs and people). Pure, so the route handler only streams.

export const AUDIT_CSV_HEADER = csvRow(["Time (UTC)", "Event", "Actor", "Actor type", "Action", "Target", "Target type", "Details (JSON)"]);

export function auditCsvLine(e: DescribableEvent & { createdAt: Date }): string {
  return csvRow([
    e.createdAt.toISOString(),
    describeAuditEvent(e),
    actorName(e),
    e.actorType,
    e.action,
    e.targetLabel || e.targetId ? targetName(e) : "",
    e.targetType ?? "",
    e.details == null ? "" : JSON.stringify(e.details),
  ]);
}
