import type { Db } from "../members/types";
import type { Actor } from "./actor";
import type { AuditAction } from "./actions";

// Read side of the Audit log page: newest first, one row more than the page to know whether an
// older page exists (no count over a log that only grows). Both use the (teamId, createdAt) index.

type Page = { page?: number; pageSize?: number };

function window({ page = 1, pageSize = 50 }: Page) {
  const size = Math.min(Math.max(pageSize, 1), 200);
  const current = Math.max(page, 1);
  return { size, current, skip: (current - 1) * size, take: size + 1 };
}

export async function listAuditEvents(db: Db, q: { teamId: string; action?: AuditAction; actorType?: Actor["type"] } & Page) {
  const w = window(q);
  const rows = await db.auditEvent.findMany({
    where: { teamId: q.teamId, ...(q.action && { action: q.action }), ...(q.actorType && { actorType: q.actorType }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: w.skip,
    take: w.take,
  });
  return { events: rows.slice(0, w.size), page: w.current, hasNext: rows.length > w.size };
}

export async function listScimRequests(db: Db, q: { teamId: string; errorsOnly?: boolean } & Page) {
  const w = window(q);
  const rows = await db.scimRequestLog.findMany({
    where: { teamId: q.teamId, ...(q.errorsOnly && { isError: true }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: w.skip,
    take: w.take,
  });
  return { requests: rows.slice(0, w.size), page: w.current, hasNext: rows.length > w.size };
}

export type AuditEventItem = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];
export type ScimRequestItem = Awaited<ReturnType<typeof listScimRequests>>["requests"][number];
