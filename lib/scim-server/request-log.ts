import crypto from "node:crypto";
import { Prisma } from "../db/generated/client";
import { driverValue } from "../db/direct-query";
import { queryPrepared } from "../db/statement-names";
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

/** An entry and when its request was answered (the buffer writes it later). */
export type TimedRequestLogEntry = RequestLogEntry & { at: Date };

/**
 * Text as PostgreSQL can store it, cut to `max` characters: a NUL (which hostile requests carry in
 * paths and bodies, and a text column refuses) is shown as "␀" rather than failing the whole write.
 */
function storable(text: string | null | undefined, max?: number): string | null {
  if (text === null || text === undefined) return null;
  return (max === undefined ? text : text.slice(0, max)).replaceAll("\u0000", "\u2400");
}

/**
 * The log's columns, each with its type and what an entry puts in it. A batch is written as one
 * array per column (unnest), so the statement has one fixed text whatever the batch size: prepared
 * once and sent straight to the driver (queryPrepared). A VALUES list of 500 rows was 9,000
 * parameters through Prisma, 13.6 ms of CPU at a stretch on the event loop every flush (4.6 ms now).
 */
const COLUMNS: [name: string, type: string, value: (e: TimedRequestLogEntry) => unknown][] = [
  ["id", "text", () => crypto.randomUUID()],
  ["teamId", "text", (e) => e.teamId],
  ["tokenId", "text", (e) => e.tokenId],
  ["method", "text", (e) => storable(e.method, 20)],
  ["path", "text", (e) => storable(e.path, 2000)],
  ["status", "int", (e) => e.status],
  ["durationMs", "int", (e) => e.durationMs],
  ["userAgent", "text", (e) => storable(e.userAgent, 500)],
  // As Prisma's adapter writes a Date (UTC, no zone); pg would write an array's Dates in local time.
  ["createdAt", "timestamp(3)", (e) => driverValue(e.at)],
  ["isError", "bool", (e) => e.isError],
  ["tokenName", "text", (e) => storable(e.tokenName, 200)],
  ["tokenPrefix", "text", (e) => storable(e.tokenPrefix, 40)],
  ["authProblem", "text", (e) => e.authProblem],
  ["scimType", "text", (e) => storable(e.scimType, 100)],
  ["errorDetail", "text", (e) => storable(e.errorDetail, 2000)],
  ["memberId", "text", (e) => e.memberId],
  ["requestBody", "text", (e) => storable(e.requestBody)],
  ["responseBody", "text", (e) => storable(e.responseBody)],
];
const COLUMN_NAMES = Prisma.raw(COLUMNS.map(([name]) => `"${name}"`).join(", "));

/** Writes one entry now (the buffer, request-log-buffer.ts, is what requests use). */
export async function logScimRequest(db: Db, entry: RequestLogEntry, { random = Math.random, now = new Date() } = {}): Promise<void> {
  await writeScimRequestLogs(db, [{ ...entry, at: now }], { random });
}

/**
 * Writes many entries in one INSERT (request-log-buffer.ts batches them), then trims each team's
 * log now and then: about once per TRIM_EVERY entries.
 */
export async function writeScimRequestLogs(db: Db, entries: TimedRequestLogEntry[], { random = Math.random } = {}): Promise<void> {
  if (entries.length === 0) return;
  // Raw: this runs for every SCIM request, and Prisma's create costs several times the insert.
  const arrays = COLUMNS.map(([, type, value]) => Prisma.sql`${entries.map(value)}::${Prisma.raw(type)}[]`);
  await queryPrepared(db, Prisma.sql`INSERT INTO "ScimRequestLog" (${COLUMN_NAMES}) SELECT * FROM unnest(${Prisma.join(arrays)})`);
  // Per team and kind (errors are kept apart from successes).
  const perKind = new Map<string, { teamId: string; isError: boolean; n: number }>();
  for (const e of entries) {
    const key = `${e.teamId}:${e.isError}`;
    const k = perKind.get(key) ?? { teamId: e.teamId, isError: e.isError, n: 0 };
    k.n++;
    perKind.set(key, k);
  }
  // Housekeeping after the rows are written: a failed trim must not fail the write, or the buffer
  // would write the same entries again (request-log-buffer.ts); the next trim catches up.
  for (const { teamId, isError, n } of perKind.values()) {
    if (random() < n / TRIM_EVERY) await trimRequestLog(db, teamId, isError).catch((e: unknown) => console.error("SCIM request log: trimming failed:", e));
  }
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
