import { actorName, describeAuditEvent, targetName, type DescribableEvent } from "./describe-event";

// The audit log as CSV (RFC 4180), for spreadsheets. Pure, so the route handler only streams.
//
// CSV injection: a spreadsheet runs a cell starting with = + - @ (or a tab / carriage return
// that hides one) as a formula, and labels here come from IdPs and people (an email, a group's
// displayName). Such cells get a leading apostrophe, which spreadsheets show as text (OWASP).

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(",")}\r\n`;

export const AUDIT_CSV_HEADER = csvLine(["Time (UTC)", "Event", "Actor", "Actor type", "Action", "Target", "Target type", "Details (JSON)"]);

export function auditCsvLine(e: DescribableEvent & { createdAt: Date }): string {
  return csvLine([
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
