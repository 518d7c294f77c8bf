// The sign-in throttle across a window boundary, in the database: attempts before the boundary
// still count after it (sliding-window.ts), and fade as the window slides past them.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { sweepSignInCounts, takeSignInAttempt } from "./sign-in-throttle";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const rules = { perAccount: 10, perAddress: 100, windowSeconds: 900 };
const at = (clock: string) => new Date(`2026-03-01T${clock}Z`); // windows start at :00, :15, :30, :45
const take = (account: string, clock: string, address: string | null = null) => takeSignInAttempt(t.db, { account, address }, rules, at(clock));

describe("sign-in throttle at a window's boundary", () => {
  it("ten wrong guesses just before the boundary still refuse the eleventh just after it", async () => {
    for (let i = 0; i < 10; i++) assert.equal((await take("edge@x.test", "10:14:59")).allowed, true);
    const after = await take("edge@x.test", "10:15:01");
    assert.equal(after.allowed, false, "a fixed window forgot the ten at 10:15:00");
    // 2 attempts now + 10 × (1 - f) ≤ 10 once f ≥ 0.2: 10:18:00, 179 s later.
    assert.equal(!after.allowed && after.retryAfterSeconds, 179);
    assert.equal((await take("edge@x.test", "10:17:59")).allowed, false);
    assert.equal((await take("edge@x.test", "10:27:00")).allowed, true, "faded: 4 + 10 × 0.2 ≤ 10");
  });

  it("counts an address's attempts over the boundary too, whichever accounts they name", async () => {
    for (let i = 0; i < 100; i++) assert.equal((await take(`spray-${i}@x.test`, "11:29:30", "203.0.113.9")).allowed, true);
    assert.equal((await take("spray-last@x.test", "11:29:31", "203.0.113.9")).allowed, false);
    // 1 + 101 × (1 - 10/900) > 100.
    assert.equal((await take("spray-new@x.test", "11:30:10", "203.0.113.9")).allowed, false);
  });

  it("forgets a window older than the one before", async () => {
    for (let i = 0; i < 11; i++) await take("old@x.test", "12:14:00");
    assert.equal((await take("old@x.test", "12:31:00")).allowed, true, "two windows on, nothing of 12:00–12:15 counts");
  });
});

describe("sign-in throttle: the wait it names, and instances whose clocks differ", () => {
  it("names a wait after which every key it counts allows the next attempt, not only the refused one", async () => {
    const r = { perAccount: 3, perAddress: 5, windowSeconds: 900 };
    const takeAt = (account: string, address: string | null, when: Date) => takeSignInAttempt(t.db, { account, address }, r, when);
    // The address: five attempts (other accounts) just before 13:00. The account: two at 13:00 from elsewhere.
    for (let i = 0; i < 5; i++) assert.equal((await takeAt(`other-${i}@x.test`, "198.51.100.7", at("12:59:00"))).allowed, true);
    for (let i = 0; i < 2; i++) assert.equal((await takeAt("both@x.test", null, at("13:00:00"))).allowed, true);
    // The third for the account (its last) is refused by the address, whose count fades by 13:06;
    // the account's own next attempt, its fourth, waits for the next window (13:20).
    const refused = await takeAt("both@x.test", "198.51.100.7", at("13:01:00"));
    assert.equal(refused.allowed, false);
    const wait = !refused.allowed ? refused.retryAfterSeconds : 0;
    assert.equal((await takeAt("both@x.test", "198.51.100.7", new Date(at("13:01:00").getTime() + wait * 1000))).allowed, true, `allowed after the ${wait} s named`);
  });

  it("an instance whose clock is a little behind does not wipe a window another instance moved on to", async () => {
    const ms = (clock: string, offset: number) => new Date(at(clock).getTime() + offset);
    const takeAt = (when: Date) => takeSignInAttempt(t.db, { account: "skew@x.test", address: null }, rules, when);
    for (let i = 0; i < 10; i++) assert.equal((await takeAt(at("14:14:00"))).allowed, true);
    // Two instances, one 2 s ahead of the other, taking turns just after the ahead one's 14:15.
    const allowed = [];
    for (let i = 0; i < 10; i++) {
      allowed.push((await takeAt(ms("14:15:00", 500 + i * 10))).allowed);
      allowed.push((await takeAt(ms("14:14:58", 500 + i * 10))).allowed);
    }
    assert.deepEqual(allowed, Array(20).fill(false));
  });

  it("sweeps counts no window reads any more, and only those", async () => {
    // The newest first: any attempt may sweep now and then (sign-in-throttle.ts), and one at 13:31
    // taken after the stale rows could already have swept them, leaving this sweep nothing to do.
    await take("current@x.test", "13:31:00");
    await take("stale@x.test", "13:01:00", "198.51.100.7");
    await take("previous@x.test", "13:16:00");
    const read = { key: { startsWith: "signin:" }, windowStart: { gte: at("13:15:00") } };
    const kept = await t.db.rateLimit.count({ where: read });
    // At 13:31 the window is 13:30–13:45 and the previous one 13:15–13:30: older ones are unread.
    assert.ok((await sweepSignInCounts(t.db, rules, at("13:31:00"))) >= 2, "at least the stale account's and address's rows");
    assert.equal(await t.db.rateLimit.count({ where: { key: { startsWith: "signin:" }, windowStart: { lt: at("13:15:00") } } }), 0);
    assert.equal(await t.db.rateLimit.count({ where: read }), kept, "the two windows still read are kept");
    assert.equal((await take("previous@x.test", "13:31:30")).allowed, true);
  });
});
