// The sign-in throttle's count: a sliding window estimated from two fixed ones (the current
// window's count plus the previous window's, weighted by how much of it the sliding window still
// covers), as Cloudflare's and Redis's rate limiters do. A fixed window alone forgot every guess
// at its boundary: ten wrong passwords at 10:14:59 and ten more at 10:15:00 all counted, twice
// the limit in two seconds, and a run of attempts crossing the boundary was counted from zero.
// Pure: the statement that keeps both counts is countHitsSql (fixed-window.ts).
import type { RateLimitResult, RateLimitRule } from "./fixed-window";
import { windowStart } from "./fixed-window";

/** A key's attempts in the current fixed window (this one included) and in the one before it. */
export type WindowCounts = { count: number; previousCount: number };

/** How many attempts the sliding window ending `now` holds, estimated from the two windows. */
export function slidingCount(counts: WindowCounts, rule: RateLimitRule, now: Date): number {
  const ms = rule.windowSeconds * 1000;
  const elapsed = (now.getTime() - windowStart(rule, now).getTime()) / ms;
  return counts.count + counts.previousCount * (1 - elapsed);
}

/**
 * Whether the attempt just counted is within `rule.limit`, and, if not, how long until one more
 * attempt would be (with no others meanwhile): the previous window's weight fades over the current
 * one, and once the current window ends its count becomes the fading one.
 */
export function slidingResult(counts: WindowCounts, rule: RateLimitRule, now: Date): RateLimitResult {
  const estimate = slidingCount(counts, rule, now);
  // The tolerance: at the very millisecond the wait named below ends, floating point must not
  // refuse (27 × (1 - 600/900) came out a hair over 9).
  const allowed = estimate <= rule.limit + 1e-9;
  const remaining = Math.max(0, Math.floor(rule.limit - estimate));
  const ms = rule.windowSeconds * 1000;
  const start = windowStart(rule, now).getTime();
  const end = start + ms;
  // The next attempt counts too: within this window it makes count + 1.
  const roomNow = rule.limit - counts.count - 1;
  // Within this window, once the previous window's weight has faded to the room left (at once if
  // it has); else in the next window: one attempt there, plus this window's count fading.
  const fadedEnough = roomNow < 0 ? Infinity : counts.previousCount === 0 ? now.getTime() : start + ms * (1 - roomNow / counts.previousCount);
  const next = fadedEnough < end ? Math.max(now.getTime(), fadedEnough) : end + (counts.count > 0 ? ms * Math.max(0, 1 - (rule.limit - 1) / counts.count) : 0);
  return { allowed, remaining, retryAfterSeconds: Math.max(1, Math.ceil((next - now.getTime()) / 1000)) };
}
