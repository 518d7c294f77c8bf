import type { Db } from "../db/types";
import type { ClaimHits } from "./hit-lease";

/**
 * Counts `hits` for `key` in the shared fixed window starting at `start` (fixed-window.ts's row),
 * returning the new total. As countHitsSql, a window never moves back: a row already in the next
 * window (an instance whose clock is a little ahead began it) takes the hits there. Moving it back
 * restarted the count, so two instances a second apart taking turns at each minute's end reset
 * each other's count on every claim.
 */
export const claimHitsIn = (db: Db): ClaimHits => async (key, hits, start, windowSeconds) => {
  const next = new Date(start.getTime() + windowSeconds * 1000);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimit" (key, "windowStart", count) VALUES (${key}, ${start}, ${hits})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."windowStart" IN (EXCLUDED."windowStart", ${next}) THEN "RateLimit".count + EXCLUDED.count ELSE EXCLUDED.count END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" = ${next} THEN "RateLimit"."windowStart" ELSE EXCLUDED."windowStart" END
    RETURNING count`;
  return Number(rows[0].count);
};
