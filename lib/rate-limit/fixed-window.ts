// Fixed-window rate limiting, counted in the database so that every app instance behind a load
// balancer shares the count. SCIM requests take their hits in leases from the same counter
// (hit-lease.ts), so they do not write it on every request.
import { Prisma } from "../db/generated/client";

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };
export type RateLimitRule = { limit: number; windowSeconds: number };

export function windowStart(rule: RateLimitRule, now: Date): Date {
  const ms = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * The statement that counts one hit per key `keys` yields (a query with one text column) in the
 * window starting at `start`, RETURNING the new count and the previous window's (kept when the
 * window moves on by one, for the sliding estimate of sliding-window.ts). A fragment, so that a
 * caller that must look something up first can count in the same round trip.
 */
export function countHitsSql(keys: Prisma.Sql, start: Date, previousStart: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RateLimit" (key, "windowStart", count, "previousCount") SELECT hit.key, ${start}, 1, 0 FROM (${keys}) AS hit(key)
    ON CONFLICT (key) DO UPDATE SET
      "previousCount" = CASE
        WHEN "RateLimit"."windowStart" = EXCLUDED."windowStart" THEN "RateLimit"."previousCount"
        WHEN "RateLimit"."windowStart" = ${previousStart} THEN "RateLimit".count
        ELSE 0 END,
      count = CASE WHEN "RateLimit"."windowStart" = EXCLUDED."windowStart" THEN "RateLimit".count + 1 ELSE 1 END,
      "windowStart" = EXCLUDED."windowStart"
    RETURNING key, count, "previousCount"`;
}

export function rateLimitResult(count: number, rule: RateLimitRule, now: Date): RateLimitResult {
  const end = windowStart(rule, now).getTime() + rule.windowSeconds * 1000;
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)) };
}
