import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { slidingCount, slidingResult } from "./sliding-window";

const rule = { limit: 10, windowSeconds: 900 };
const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, 0) + s * 1000); // 10:00 starts a window

describe("sliding-window count", () => {
  it("weighs the previous window by how much of it the sliding window still covers", () => {
    assert.equal(slidingCount({ count: 2, previousCount: 10 }, rule, at(0)), 12);
    assert.equal(slidingCount({ count: 2, previousCount: 10 }, rule, at(450)), 7);
    assert.ok(Math.abs(slidingCount({ count: 2, previousCount: 10 }, rule, at(899.9)) - (2 + 10 * (0.1 / 900))) < 1e-9);
  });

  it("still refuses just after a boundary what was over the limit just before it", () => {
    // Ten wrong passwords before 10:00, the eleventh attempt (the right one) at 10:00:01.
    const r = slidingResult({ count: 1, previousCount: 10 }, rule, at(1));
    assert.equal(r.allowed, false);
    // Allowed once 1 + 10 × (1 - f) ≤ 10 for the next attempt's count of 2: f ≥ 0.2, at 10:03.
    assert.equal(r.retryAfterSeconds, 180 - 1);
  });

  it("within the limit: allowed, with what is left", () => {
    assert.deepEqual(slidingResult({ count: 3, previousCount: 0 }, rule, at(10)), { allowed: true, remaining: 7, retryAfterSeconds: 1 });
  });

  it("over within the window: waits past its end until the count has faded enough", () => {
    // 12 attempts in this window: in the next, 1 + 12 × (1 - f) ≤ 10 once f ≥ 0.25.
    const r = slidingResult({ count: 12, previousCount: 0 }, rule, at(600));
    assert.equal(r.allowed, false);
    assert.equal(r.retryAfterSeconds, 300 + 225);
  });

  it("the wait it names is exact: an attempt then is allowed, one a second earlier is not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 899 }), (count, previousCount, second) => {
        fc.pre(count >= 1);
        const now = at(second);
        const { allowed, retryAfterSeconds } = slidingResult({ count, previousCount }, rule, now);
        if (allowed && retryAfterSeconds === 1) return;
        // The next attempt after the wait, with nothing counted in between: which window it lands in
        // decides which counts it sees.
        const then = at(second + retryAfterSeconds);
        const sameWindow = second + retryAfterSeconds < 900;
        const next = sameWindow ? { count: count + 1, previousCount } : second + retryAfterSeconds < 1800 ? { count: 1, previousCount: count } : { count: 1, previousCount: 0 };
        assert.ok(slidingResult(next, rule, then).allowed, `allowed after ${retryAfterSeconds}s`);
        if (retryAfterSeconds > 1) {
          const before = at(second + retryAfterSeconds - 1);
          const earlier = second + retryAfterSeconds - 1 < 900 ? { count: count + 1, previousCount } : { count: 1, previousCount: count };
          assert.equal(slidingResult(earlier, rule, before).allowed, false, `refused a second before (${retryAfterSeconds}s)`);
        }
      }),
    );
  });
});
