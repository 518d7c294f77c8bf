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
});
