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
// A team's log is trimmed about once per this many of its entries written, and at most once per
// batch (request-log-buffer.ts writes a batch in several statements): it holds at most about a
// batch more than it keeps, and a busy team pays a trim's walk past its kept rows once a second.
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

/**
 * An entry still to be described: what the buffer's caps need now, and the rest when its batch is
 * written (request-log-buffer.ts); `describe` must not wait on anything.
 */
export type UndescribedEntry = Pick<RequestLogEntry, "teamId" | "isError"> & { describe: () => RequestLogEntry };

/**
 * An entry, when its request was answered (the buffer writes it later), and its row's id, chosen
 * once: a write retried after a commit whose answer was lost (the connection dropped) finds its
 * rows already there and adds none (ON CONFLICT below), rather than logging each request twice.
 */
export type TimedRequestLogEntry = RequestLogEntry & { at: Date; id: string };

/**
 * `entry` as answered at `at`, with the id its row will have: the only place ids are drawn, since
 * the insert takes an id already there for this entry written before.
 */
export const timedEntry = <E extends object>(entry: E, at: Date): E & { at: Date; id: string } => ({ ...entry, at, id: crypto.randomUUID() });

/**
 * Text as PostgreSQL can store it, cut to `max` characters: a NUL (which hostile requests carry in
 * paths and bodies, and a text column refuses) is shown as "␀", and half of a UTF-16 surrogate pair
 * (an error's detail quoting a JSON body's "\ud800") as "�", rather than failing the entry's write.
 */
function storable(text: string | null | undefined, max?: number): string | null {
  if (text === null || text === undefined) return null;
  return (max === undefined ? text : text.slice(0, max)).replaceAll("\u0000", "\u2400").toWellFormed();
}

/**
 * A row of the log as the statement receives it: a batch is sent as one JSON array that
 * PostgreSQL unpacks into rows of the table's own type (json_populate_recordset), so the statement
 * has one fixed text whatever the batch size (prepared once, sent straight to the driver:
 * queryPrepared). As one array per column (unnest) the driver escaped every element: a quarter more
 * of the app's CPU (35 against 25-27 ms for 1,000 lookups' entries, bench/request-log-write.ts).
 * How many entries go in one statement is the buffer's to decide (request-log-buffer.ts).
 */
const row = (e: TimedRequestLogEntry) => ({
  id: e.id,
  teamId: storable(e.teamId),
  tokenId: storable(e.tokenId),
  method: storable(e.method, 20),
  path: storable(e.path, 2000),
  status: e.status,
  durationMs: e.durationMs,
  userAgent: storable(e.userAgent, 500),
  // As Prisma's adapter writes a Date: UTC, no zone.
  createdAt: driverValue(e.at),
  isError: e.isError,
  tokenName: storable(e.tokenName, 200),
  tokenPrefix: storable(e.tokenPrefix, 40),
  authProblem: storable(e.authProblem),
  scimType: storable(e.scimType, 100),
  errorDetail: storable(e.errorDetail, 2000),
  memberId: storable(e.memberId),
  requestBody: storable(e.requestBody),
  responseBody: storable(e.responseBody),
});
const COLUMN_NAMES = Prisma.raw(Object.keys(row({ at: new Date(), id: "" } as TimedRequestLogEntry)).map((name) => `"${name}"`).join(", "));

/** Writes one entry now (the buffer, request-log-buffer.ts, is what requests use). */
export async function logScimRequest(db: Db, entry: RequestLogEntry, { random = Math.random, now = new Date() } = {}): Promise<void> {
  await writeScimRequestLogs(db, [timedEntry(entry, now)], { random });
}

/** Writes many entries in one INSERT, then trims (trimAfterWriting). */
export async function writeScimRequestLogs(db: Db, entries: TimedRequestLogEntry[], { random = Math.random } = {}): Promise<void> {
  await insertScimRequestLogs(db, entries);
  await trimAfterWriting(db, entries, { random });
}

/** Writes many entries in one INSERT (the buffer's statements, request-log-buffer.ts). */
export async function insertScimRequestLogs(db: Db, entries: TimedRequestLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Raw: this runs for every SCIM request, and Prisma's create costs several times the insert.
  await queryPrepared(db, Prisma.sql`
    INSERT INTO "ScimRequestLog" (${COLUMN_NAMES})
    SELECT ${COLUMN_NAMES} FROM json_populate_recordset(NULL::"ScimRequestLog", ${JSON.stringify(entries.map(row))}::json)
    ON CONFLICT (id) DO NOTHING`);
}

/** After `entries` are written: trims each of their teams' logs now and then, about once per TRIM_EVERY entries. */
export async function trimAfterWriting(db: Db, entries: TimedRequestLogEntry[], { random = Math.random } = {}): Promise<void> {
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
