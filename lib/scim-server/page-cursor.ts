// Keyset pagination behind SCIM's startIndex paging. Okta imports a directory page by page
// (startIndex=1, 101, 201, …); with OFFSET each page re-reads every row before it, which makes a
// 100k-member import quadratic. After serving a full page we remember where the next one starts;
// the next request seeks straight there. A cursor names the team's membership epoch, which every
// membership write bumps (lib/members/lock-team.ts), so a cursor is used only while the list is
// exactly as it was: results always equal what OFFSET would return.
import crypto from "node:crypto";
import type { Db } from "../members/types";

export const CURSOR_MAX_AGE_MS = 60 * 60 * 1000;

export type PageCursor = { afterCreatedAt: Date; afterId: string; totalResults: number };

export type CursorScope = { teamId: string; resource: string; filter: string | null; epoch: number };

export function cursorKey(scope: CursorScope, startIndex: number): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([scope.teamId, scope.resource, scope.filter, scope.epoch, startIndex]))
    .digest("base64url");
}

export async function findCursor(db: Db, scope: CursorScope, startIndex: number): Promise<PageCursor | null> {
  if (startIndex <= 1) return null;
  const c = await db.scimPageCursor.findUnique({ where: { key: cursorKey(scope, startIndex) } });
  return c && Date.now() - c.createdAt.getTime() < CURSOR_MAX_AGE_MS ? c : null;
}

export async function saveCursor(db: Db, scope: CursorScope, startIndex: number, cursor: PageCursor, now = new Date()): Promise<void> {
  // Raw upsert: one statement, where Prisma's upsert reads before it writes.
  await db.$executeRaw`
    INSERT INTO "ScimPageCursor" (key, "teamId", "afterCreatedAt", "afterId", "totalResults", "createdAt")
    VALUES (${cursorKey(scope, startIndex)}, ${scope.teamId}, (${cursor.afterCreatedAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3),
            ${cursor.afterId}, ${cursor.totalResults}, (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3))
    ON CONFLICT (key) DO UPDATE SET "afterCreatedAt" = EXCLUDED."afterCreatedAt", "afterId" = EXCLUDED."afterId",
      "totalResults" = EXCLUDED."totalResults", "createdAt" = EXCLUDED."createdAt"`;
  // Now and then, drop cursors nobody can use any more.
  if (Math.random() < 0.01) await db.scimPageCursor.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - CURSOR_MAX_AGE_MS) } } });
}
