import { Prisma } from "../db/generated/client";
import type { Db } from "../db/types";
import { countHitsSql, windowStart, type RateLimitRule } from "./fixed-window";
import type { ClaimHits } from "./hit-lease";

/**
 * Counts `hits` for `key` in the shared fixed window starting at `start` (countHitsSql's row, so a
 * window never moves back there either: two instances a second apart taking turns at each minute's
 * end reset each other's count on every claim), returning the new total.
 */
export const claimHitsIn =
  (db: Db): ClaimHits =>
  async (key, hits, start, windowSeconds) => {
    const rows = await db.$queryRaw<{ count: number }[]>(countHitsSql(Prisma.sql`VALUES (${key})`, start, windowSeconds, hits));
    return Number(rows[0].count);
  };

/** Counts one hit for `key` in its fixed window of `rule` (shared by every instance), returning the window's count with it. */
export const countHit = (db: Db, key: string, rule: RateLimitRule, now = new Date()): Promise<number> =>
  claimHitsIn(db)(key, 1, windowStart(rule, now), rule.windowSeconds);
