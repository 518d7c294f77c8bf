import { Prisma } from "../db/generated/client";
import type { Db } from "../db/types";
import { countHitsSql, windowStart, type RateLimitRule } from "./fixed-window";

/** Counts one hit for `key` in its fixed window of `rule` (shared by every instance), returning the window's count with it. */
export async function countHit(db: Db, key: string, rule: RateLimitRule, now = new Date()): Promise<number> {
  const start = windowStart(rule, now);
  const rows = await db.$queryRaw<{ count: number }[]>(countHitsSql(Prisma.sql`VALUES (${key})`, start, rule.windowSeconds));
  return Number(rows[0].count);
}
