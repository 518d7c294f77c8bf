import type { Db } from "../db/types";
import type { ClaimHits } from "./hit-lease";

/** Counts `hits` for `key` in the shared fixed window starting at `start` (fixed-window.ts's row), returning the new total. */
export const claimHitsIn = (db: Db): ClaimHits => async (key, hits, start) => {
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimit" (key, "windowStart", count) VALUES (${key}, ${start}, ${hits})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."windowStart" = EXCLUDED."windowStart" THEN "RateLimit".count + EXCLUDED.count ELSE EXCLUDED.count END,
      "windowStart" = EXCLUDED."windowStart"
    RETURNING count`;
  return Number(rows[0].count);
};
