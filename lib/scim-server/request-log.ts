import crypto from "node:crypto";
import { Prisma } from "../db/generated/client";
import type { Db } from "../members/types";

// The SCIM request log is for debugging what the IdP sent, not an archive: keep the newest entries
// per team and trim now and then rather than on every request. Errors are kept apart from
// successes, and more of them: an import of thousands of users must not push out the 400 or 409
// an admin is looking for (README, "SCIM request log").
export const REQUEST_LOG_KEEP = { successes: 1_000, errors: 5_000 } as const;
const TRIM_EVERY = 100;

export type RequestLogEntry = {
  teamId: string;
  tokenId: string | null;
  method: string;
  /** Decoded, personal values masked (lib/scim/mask-log.ts). */
  path: string;
  status: number;
  durationMs: number;
  userAgent: string | null;
  /** Kept with the errors: status >= 400 (a refused token included). */
  isError: boolean;
  tokenName: string | null;
  tokenPrefix: string | null;
  /** Why the token was refused: "revoked", "expired" or "unknown". */
  authProblem: string | null;
  scimType: string | null;
  errorDetail: string | null;
  /** The SCIM User (membership id) the request was about. */
  memberId: string | null;
  /** Masked and truncated (lib/scim/mask-log.ts). */
  requestBody: string | null;
  responseBody: string | null;
};

export async function logScimRequest(db: Db, entry: RequestLogEntry, { random = Math.random, now = new Date() } = {}): Promise<void> {
  // Raw: this runs after every SCIM request, and Prisma's create costs several times the insert.
  await db.$executeRaw`
    INSERT INTO "ScimRequestLog" (id, "teamId", "tokenId", method, path, status, "durationMs", "userAgent", "createdAt",
                                  "isError", "tokenName", "tokenPrefix", "authProblem", "scimType", "errorDetail", "memberId", "requestBody", "responseBody")
    VALUES (${crypto.randomUUID()}, ${entry.teamId}, ${entry.tokenId}, ${entry.method}, ${entry.path.slice(0, 2000)}, ${entry.status},
            ${entry.durationMs}, ${entry.userAgent?.slice(0, 500) ?? null}, (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3),
            ${entry.isError}, ${entry.tokenName?.slice(0, 200) ?? null}, ${entry.tokenPrefix?.slice(0, 40) ?? null}, ${entry.authProblem},
            ${entry.scimType?.slice(0, 100) ?? null}, ${entry.errorDetail?.slice(0, 2000) ?? null}, ${entry.memberId},
            ${entry.requestBody}, ${entry.responseBody})`;
  if (random() < 1 / TRIM_EVERY) await trimRequestLog(db, entry.teamId, entry.isError);
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
            ${entry.durationMs}, ${entry.userAgent?.slice(0, 500) ?? null}, (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3),
            ${entry.isError}, ${entry.tokenName?.slice(0, 200) ?? null}, ${entry.tokenPrefix?.slice(0, 40) ?? null}, ${entry.authProblem},
            ${entry.scimType?.slice(0, 100) ?? null}, ${entry.errorDetail?.slice(0, 2000) ?? null}, ${entry.memberId},
            ${entry.requestBody}, ${entry.responseBody})`,
  );
  await db.$executeRaw`
    INSERT INTO "ScimRequestLog" (id, "teamId", "tokenId", method, path, status, "durationMs", "userAgent", "createdAt",
                                  "isError", "tokenName", "tokenPrefix", "authProblem", "scimType", "errorDetail", "memberId", "requestBody", "responseBody")
    VALUES ${Prisma.join(rows)}`;
  // Per team and kind (errors are kept apart from successes), as often per entry as logScimRequest trims.
  const perKind = new Map<string, { teamId: string; isError: boolean; n: number }>();
  for (const e of entries) {
    const key = `${e.teamId}:${e.isError}`;
    const k = perKind.get(key) ?? { teamId: e.teamId, isError: e.isError, n: 0 };
    k.n++;
    perKind.set(key, k);
  }
  for (const { teamId, isError, n } of perKind.values()) if (random() < n / TRIM_EVERY) await trimRequestLog(db, teamId, isError);
}

/** Keeps the newest `keep` errors (or successes) of a team. */
export async function trimRequestLog(db: Db, teamId: string, isError: boolean, keep: number = isError ? REQUEST_LOG_KEEP.errors : REQUEST_LOG_KEEP.successes): Promise<void> {
  // The oldest row to keep, found through the (teamId, isError, createdAt) index; everything older goes.
  await db.$executeRaw`
    WITH edge AS (
      SELECT "createdAt", id FROM "ScimRequestLog" WHERE "teamId" = ${teamId} AND "isError" = ${isError}
       ORDER BY "createdAt" DESC, id DESC OFFSET ${keep - 1} LIMIT 1)
    DELETE FROM "ScimRequestLog" l USING edge
     WHERE l."teamId" = ${teamId} AND l."isError" = ${isError}
       AND (l."createdAt" < edge."createdAt" OR (l."createdAt" = edge."createdAt" AND l.id < edge.id))`;
}
