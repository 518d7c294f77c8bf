import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { HitLeases, leaseSizeFor, type ClaimHits } from "./hit-lease";

/** The shared counter as the database keeps it (fixed-window rows), in memory. */
function counter() {
  const rows = new Map<string, { start: number; count: number }>();
  let claims = 0;
  const claim: ClaimHits = async (key, hits, start) => {
    claims++;
    // A turn of the event loop, as a database round trip would take: waiting requests pile up.
    await new Promise((r) => setImmediate(r));
    const row = rows.get(key);
    const next = row && row.start === start.getTime() ? { start: row.start, count: row.count + hits } : { start: start.getTime(), count: hits };
    rows.set(key, next);
    return next.count;
  };
  return { claim, rows, claims: () => claims };
}

const now = new Date("2026-03-01T10:00:10Z");

describe("rate-limit hit leases", () => {
  it("counts hit by hit when the limit is small, exactly as the shared counter would", async () => {
    const c = counter();
    const leases = new HitLeases(c.claim);
    const rule = { limit: 3, windowSeconds: 60 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await leases.hit("k", rule, now));
    assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false]);
    assert.deepEqual(results.map((r) => r.remaining), [2, 1, 0, 0]);
    assert.equal(c.rows.get("k")?.count, 3);
  });

  it("claims a lease of a hundredth of the limit, one claim at a time however many requests wait", async () => {
    const c = counter();
    const leases = new HitLeases(c.claim);
    const rule = { limit: 10_000, windowSeconds: 60 };
    assert.equal(leaseSizeFor(rule), 100);
    const results = await Promise.all(Array.from({ length: 250 }, () => leases.hit("k", rule, now)));
    assert.ok(results.every((r) => r.allowed));
    assert.equal(c.claims(), 3);
    assert.equal(c.rows.get("k")?.count, 300);
  });

  it("never serves more than the limit across instances sharing the counter, and starts again in a new window", async () => {
    const c = counter();
    const a = new HitLeases(c.claim);
    const b = new HitLeases(c.claim);
    const rule = { limit: 250, windowSeconds: 60 };
    let allowed = 0;
    for (let i = 0; i < 400; i++) if ((await (i % 3 === 0 ? a : b).hit("k", rule, now)).allowed) allowed++;
    assert.ok(allowed <= 250 && allowed >= 250 - 2 * leaseSizeFor(rule), `allowed ${allowed}`);
    assert.ok((await a.hit("k", rule, new Date("2026-03-01T10:01:00Z"))).allowed);
  });

  // Found by the crash-mid-burst test (scripts/crash-mid-burst.integration.test.ts): a SCIM burst
  // that crossed a minute left the server at 100% CPU for good, every request of the token
  // unanswered and ~400 fsync'd commits a second to "RateLimit". Requests begun before the minute
  // waited for their window's claim while one begun after it replaced their lease with its own; each
  // side, woken by its claim, found the other's lease, replaced it and claimed again, forever.
  it("serves requests that straddle a window's end: those begun in the old window count in the new one", async () => {
    const c = counter();
    const leases = new HitLeases(async (key, hits, start) => {
      // Bounded here, so that a livelock fails the test instead of hanging it.
      if (c.claims() >= 10) throw new Error(`livelocked: ${c.claims()} claims for 2 windows`);
      return c.claim(key, hits, start, 60);
    });
    const rule = { limit: 10_000, windowSeconds: 60 };
    const before = new Date("2026-03-01T10:00:59.999Z");
    const after = new Date("2026-03-01T10:01:00.001Z");
    const early = Array.from({ length: 5 }, () => leases.hit("k", rule, before));
    const late = Array.from({ length: 5 }, () => leases.hit("k", rule, after));
    const results = await Promise.all([...early, ...late]);
    assert.ok(results.every((r) => r.allowed));
    assert.ok(c.claims() <= 2, `${c.claims()} claims`);
    // The counter is left in the new window, never taken back to the old one.
    assert.equal(c.rows.get("k")?.start, new Date("2026-03-01T10:01:00Z").getTime());
  });
});
