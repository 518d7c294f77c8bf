import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import type { AuditFilter } from "@/lib/audit/list-audit";
import { ACTOR_TYPES } from "./labels";

// The Audit log's query string, shared by the page and the CSV export so both list the same
// events. Malformed values are ignored rather than failing the page.
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
// Ignored when malformed, as every parameter here: a NUL (only a hand-made URL has one) is refused by the database.
const text = plainText().trim().max(200).optional().catch(undefined);

export const auditQuerySchema = z.object({
  view: z.enum(["events", "scim"]).catch("events").default("events"),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  actor: z.enum(Object.keys(ACTOR_TYPES) as [keyof typeof ACTOR_TYPES]).optional().catch(undefined),
  person: text,
  target: text,
  from: day,
  to: day,
  // The viewer's offset from UTC in minutes (Date#getTimezoneOffset), so "from" and "to" are
  // their calendar days, not UTC's. Set by the filter form's script; UTC without it.
  tzo: z.coerce.number().int().min(-840).max(840).optional().catch(undefined),
  errors: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

const DAY_MS = 86_400_000;

function dayStart(iso: string, tzo = 0): Date | undefined {
  const [y, m, d] = iso.split("-").map(Number);
  const t = Date.UTC(y, m - 1, d);
  return Number.isNaN(t) ? undefined : new Date(t + tzo * 60_000);
}

export function auditFilter(teamId: string, q: AuditQuery): AuditFilter {
  const to = q.to ? dayStart(q.to, q.tzo) : undefined;
  return {
    teamId,
    action: q.action,
    actorType: q.actor,
    person: q.person || undefined,
    target: q.target || undefined,
    from: q.from ? dayStart(q.from, q.tzo) : undefined,
    before: to && new Date(to.getTime() + DAY_MS),
  };
}

/** The filters as query parameters, for pagination links and the export link. */
export function auditFilterParams(q: AuditQuery): Record<string, string | undefined> {
  return {
    action: q.action,
    actor: q.actor,
    person: q.person || undefined,
    target: q.target || undefined,
    from: q.from,
    to: q.to,
    tzo: q.from || q.to ? q.tzo?.toString() : undefined,
  };
}
