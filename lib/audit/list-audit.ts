import type { AuditEvent, Prisma } from "../db/generated/client";
import type { Db } from "../db/types";
import type { Actor } from "./actor";
import type { AuditAction } from "./actions";
import { ExportAccessEndedError } from "./standing";

// Read side of the Audit log page: newest first, one row more than the page to know whether an
// older page exists (no count over a log that only grows). Both use the (teamId, createdAt) index.

type Page = { page?: number; pageSize?: number };

function window({ page = 1, pageSize = 50 }: Page) {
  const size = Math.min(Math.max(pageSize, 1), 200);
  const current = Math.max(page, 1);
  return { size, current, skip: (current - 1) * size, take: size + 1 };
}

/** What the Events view can be narrowed to. `person` and `target` match part of the label, any case. */
export type AuditFilter = {
  teamId: string;
  action?: AuditAction;
  actorType?: Actor["type"];
  person?: string;
  target?: string;
  /** Inclusive lower and exclusive upper bound on the event's time. */
  from?: Date;
  before?: Date;
};

function auditWhere(q: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    teamId: q.teamId,
    ...(q.action && { action: q.action }),
    ...(q.actorType && { actorType: q.actorType }),
    ...(q.person && { actorLabel: { contains: q.person, mode: "insensitive" as const } }),
    ...(q.target && { targetLabel: { contains: q.target, mode: "insensitive" as const } }),
    ...((q.from || q.before) && { createdAt: { ...(q.from && { gte: q.from }), ...(q.before && { lt: q.before }) } }),
  };
}

export async function listAuditEvents(db: Db, q: AuditFilter & Page) {
  const w = window(q);
  const where = auditWhere(q);
  // The total is for the page's "of N" and the last page; (teamId, createdAt) keeps it an index scan.
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: w.skip, take: w.take }),
    db.auditEvent.count({ where }),
  ]);
  return { events: rows.slice(0, w.size), page: w.current, pageSize: w.size, total, hasNext: rows.length > w.size };
}

/**
 * Every event the filter matches, newest first, in batches by keyset (createdAt, id): the CSV
 * export streams it without holding the log in memory or slowing down as OFFSET grows.
 */
/**
 * The events a filter selects, newest first, batch by batch; each batch is read only while
 * `stillAllowed` says the requester may still read the log (a slow download lasts as long as its
 * client wants). Throws ExportAccessEndedError otherwise.
 */
export async function* streamAuditEvents(db: Db, q: AuditFilter, stillAllowed: () => Promise<boolean>, batch = 500): AsyncGenerator<AuditEvent> {
  const where = auditWhere(q);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    if (!(await stillAllowed())) throw new ExportAccessEndedError();
    const cursor: Prisma.AuditEventWhereInput | undefined = after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : undefined;
    const rows: AuditEvent[] = await db.auditEvent.findMany({
      where: cursor ? { AND: [where, cursor] } : where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: batch,
    });
    yield* rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { createdAt: last.createdAt, id: last.id };
  }
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
