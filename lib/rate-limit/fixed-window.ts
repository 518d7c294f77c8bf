// Fixed-window rate limiting, counted in the database so that every app instance behind a load
// balancer shares the count. SCIM requests take their hits in leases from the same counter
// (hit-lease.ts), so they do not write it on every request.
import { Prisma } from "../db/generated/client";

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };
export type RateLimitRule = { limit: number; windowSeconds: number };

export function windowStart(rule: Pick<RateLimitRule, "windowSeconds">, now: Date): Date {
  const ms = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * The statement that counts `hits` (one by default) per key `keys` yields (a query with one text
 * column) in the window starting at `start`, RETURNING the new count, the previous window's (kept when the window
 * moves on by one, for the sliding estimate of sliding-window.ts) and the window counted in. A
 * fragment, so that a caller that must look something up first can count in the same round trip.
 *
 * A window never moves back: a row already in the window after `start` (counted by an instance
 * whose clock is a little ahead, or before this one's clock stepped back) takes the hit in that
 * window. Moving it back wiped both counts, so instances a second apart taking turns at a boundary
 * reset the count on every attempt. A row further ahead than one window is not trusted (it would
 * hold the key for as long) and starts over as before.
 */
export function countHitsSql(keys: Prisma.Sql, start: Date, windowSeconds: number, hits = 1): Prisma.Sql {
  const previousStart = new Date(start.getTime() - windowSeconds * 1000);
  const nextStart = new Date(start.getTime() + windowSeconds * 1000);
  const sameWindow = Prisma.sql`"RateLimit"."windowStart" IN (EXCLUDED."windowStart", ${nextStart})`;
  return Prisma.sql`
    INSERT INTO "RateLimit" (key, "windowStart", count, "previousCount") SELECT hit.key, ${start}, ${hits}::int, 0 FROM (${keys}) AS hit(key)
    ON CONFLICT (key) DO UPDATE SET
      "previousCount" = CASE
        WHEN ${sameWindow} THEN "RateLimit"."previousCount"
        WHEN "RateLimit"."windowStart" = ${previousStart} THEN "RateLimit".count
        ELSE 0 END,
      count = CASE WHEN ${sameWindow} THEN "RateLimit".count + EXCLUDED.count ELSE EXCLUDED.count END,
      "windowStart" = CASE WHEN ${sameWindow} THEN "RateLimit"."windowStart" ELSE EXCLUDED."windowStart" END
    RETURNING key, count, "previousCount", "windowStart"`;
}

export function rateLimitResult(count: number, rule: RateLimitRule, now: Date): RateLimitResult {
  const end = windowStart(rule, now).getTime() + rule.windowSeconds * 1000;
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)) };
}
