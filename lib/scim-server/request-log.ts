import crypto from "node:crypto";
import { Prisma } from "../db/generated/client";
import type { Db } from "../members/types";

// The SCIM request log is for debugging what the IdP sent, not an archive: keep the newest
// entries per team and trim now and then rather than on every request.
export const REQUEST_LOG_KEEP = 1000;
const TRIM_EVERY = 100;

export type RequestLogEntry = {
  teamId: string;
  tokenId: string | null;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userAgent: string | null;
};

export async function logScimRequest(db: Db, entry: RequestLogEntry, { random = Math.random, now = new Date() } = {}): Promise<void> {
  // Raw: this runs after every SCIM request, and Prisma's create costs several times the insert.
  await db.$executeRaw`
    INSERT INTO "ScimRequestLog" (id, "teamId", "tokenId", method, path, status, "durationMs", "userAgent", "createdAt")
    VALUES (${crypto.randomUUID()}, ${entry.teamId}, ${entry.tokenId}, ${entry.method}, ${entry.path.slice(0, 2000)}, ${entry.status},
            ${entry.durationMs}, ${entry.userAgent?.slice(0, 500) ?? null}, (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3))`;
  if (random() < 1 / TRIM_EVERY) await trimRequestLog(db, entry.teamId);
}

/** An entry and when its request was answered (the buffer writes it later). */
export type TimedRequestLogEntry = RequestLogEntry & { at: Date };

/**
 * Writes many entries in one INSERT (request-log-buffer.ts batches them), then trims each team's
 * log now and then, as often per entry as logScimRequest does.
 */
export async function writeScimRequestLogs(db: Db, entries: TimedRequestLogEntry[], { random = Math.random } = {}): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ at, ...entry }) =>
    Prisma.sql`(${crypto.randomUUID()}, ${entry.teamId}, ${entry.tokenId}, ${entry.method}, ${entry.path.slice(0, 2000)}, ${entry.status},
            ${entry.durationMs}, ${entry.userAgent?.slice(0, 500) ?? null}, (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3))`,
  );
  await db.$executeRaw`
    INSERT INTO "ScimRequestLog" (id, "teamId", "tokenId", method, path, status, "durationMs", "userAgent", "createdAt")
    VALUES ${Prisma.join(rows)}`;
  const perTeam = new Map<string, number>();
  for (const e of entries) perTeam.set(e.teamId, (perTeam.get(e.teamId) ?? 0) + 1);
  for (const [teamId, n] of perTeam) if (random() < n / TRIM_EVERY) await trimRequestLog(db, teamId);
}

export async function trimRequestLog(db: Db, teamId: string, keep = REQUEST_LOG_KEEP): Promise<void> {
  await db.$executeRaw`
    DELETE FROM "ScimRequestLog" WHERE "teamId" = ${teamId} AND id NOT IN (
      SELECT id FROM "ScimRequestLog" WHERE "teamId" = ${teamId} ORDER BY "createdAt" DESC, id DESC LIMIT ${keep})`;
}
