// The hot path of an Okta import: the next page of a team's whole directory, in ONE statement
// that reads the cursor the previous page left, the page's rows with each member's groups, and
// saves the cursor for the page after. An import of 100k members is a thousand such
// pages, and per page each round trip counts. The page comes back as one JSON value
// (member-json.ts). Other filtered listings than the lookup by userName keep the Prisma path.
import type { Db } from "../members/types";
import { Prisma } from "../db/generated/client";
import { directQueryFor } from "../db/direct-query";
import { queryPrepared } from "../db/statement-names";
import { listedMembers, MEMBER_JSON, type JsonMember } from "./member-json";
import { CURSOR_MAX_AGE_MS, cursorKey, type CursorScope } from "./page-cursor";

type Row = { totalResults: number; members: JsonMember[] | string | null };

// Timestamp columns are timestamp(3) in UTC; this cast keeps comparisons and writes independent
// of the session time zone.
const utc = (d: Date) => d.toISOString();

const MAX_INT4 = 2_147_483_647;

/**
 * The cursor is the statement's only write, and losing it costs nothing but speed: a page without
 * one is read by OFFSET, with the same rows and checks. So its commit need not wait for the disk
 * (0.15–0.2 ms of a 3.3 ms page here). A crash can lose cursors and nothing else: those not yet
 * flushed by PostgreSQL's WAL writer (a few hundred ms), or on PGlite, which has none, by the next
 * synchronous commit (a member write, the request log's batch). Only where
 * the statement is its own transaction (the driver's direct path): in a caller's transaction the
 * setting would hold for the caller's writes too.
 */
const commitWithoutWaiting = (db: Db) => (directQueryFor(db) ? Prisma.sql`, set_config('synchronous_commit', 'off', true) AS "asyncCommit"` : Prisma.empty);

/**
 * The page of the unfiltered directory starting at `startIndex`, if an earlier page left a cursor
 * for it; null when none did (the caller then reads by OFFSET). A full page that is not the last
 * saves the cursor for the next one.
 */
export async function directoryPageFromCursor(db: Db, scope: CursorScope, startIndex: number, take: number, now = new Date()) {
  const nextStart = startIndex + take;
  // Totals are 32-bit integers: no cursor lies this far, and the bound parameter would not fit.
  if (nextStart > MAX_INT4) return null;
  const rows = await queryPrepared<Row[]>(db, Prisma.sql`
    WITH cur AS (
      SELECT "afterCreatedAt", "afterId", "totalResults" FROM "ScimPageCursor"
       WHERE key = ${cursorKey(scope, startIndex)}
         AND "createdAt" > (${utc(new Date(now.getTime() - CURSOR_MAX_AGE_MS))}::timestamptz AT TIME ZONE 'UTC')
         -- The epoch was read with the token; a membership write committed since then must not be
         -- paged with the old cursor. Checked in this statement's own snapshot, with the rows.
         AND (SELECT "membershipEpoch" FROM "Team" WHERE id = ${scope.teamId}) = ${scope.epoch}
    ), page AS (
      SELECT m."createdAt", m.id, ${MEMBER_JSON} AS member
        FROM "Membership" m
       WHERE m."teamId" = ${scope.teamId}
         -- Scalar subqueries, not a join with cur: as parameters they make the row comparison an
         -- index condition (a seek); joined, PostgreSQL filters every row before the cursor.
         AND (m."createdAt", m.id) > ((SELECT "afterCreatedAt" FROM cur), (SELECT "afterId" FROM cur))
       ORDER BY m."createdAt", m.id
       LIMIT ${take}
    ), saved AS (
      INSERT INTO "ScimPageCursor" (key, "teamId", "afterCreatedAt", "afterId", "totalResults", "createdAt")
      SELECT ${cursorKey(scope, nextStart)}, ${scope.teamId}, last."createdAt", last.id, cur."totalResults",
             (${utc(now)}::timestamptz AT TIME ZONE 'UTC')::timestamp(3)
        FROM cur, (SELECT "createdAt", id FROM page ORDER BY "createdAt" DESC, id DESC LIMIT 1) last
       WHERE (SELECT count(*) FROM page) = ${take} AND ${nextStart} <= cur."totalResults"
      ON CONFLICT (key) DO UPDATE SET "afterCreatedAt" = EXCLUDED."afterCreatedAt", "afterId" = EXCLUDED."afterId",
        "totalResults" = EXCLUDED."totalResults", "createdAt" = EXCLUDED."createdAt"
    )
    SELECT cur."totalResults", (SELECT json_agg(member ORDER BY "createdAt", id) FROM page) AS members${commitWithoutWaiting(db)}
      FROM cur`);
  // No row: no usable cursor. A row without members: the cursor's page is empty.
  const row = rows[0];
  if (!row) return null;
  return { totalResults: Number(row.totalResults), rows: listedMembers(row.members) };
}
