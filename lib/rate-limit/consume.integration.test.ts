import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { consumeRateLimit } from "./consume";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

describe("consumeRateLimit", () => {
  it("allows up to the limit in a window, then refuses with the time left", async () => {
    const now = new Date("2026-01-01T00:00:10Z");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(t.db, "k1", 3, 60, now));
    assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false]);
    assert.equal(results[3].retryAfterSeconds, 50);
  });

  it("starts counting again in the next window and keeps keys apart", async () => {
    await consumeRateLimit(t.db, "k2", 1, 60, new Date("2026-01-01T00:00:00Z"));
    assert.equal((await consumeRateLimit(t.db, "k2", 1, 60, new Date("2026-01-01T00:00:30Z"))).allowed, false);
    assert.equal((await consumeRateLimit(t.db, "k2", 1, 60, new Date("2026-01-01T00:01:00Z"))).allowed, true);
    assert.equal((await consumeRateLimit(t.db, "k3", 1, 60, new Date("2026-01-01T00:00:30Z"))).allowed, true);
  });

  it("counts concurrent hits exactly", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(t.db, "k4", 10, 60, now)));
    assert.equal(results.filter((r) => r.allowed).length, 10);
  });
});
