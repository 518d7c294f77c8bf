// The password sign-in throttle, counted in the database: per account (known or not, alike) and
// per client address, shared by every app instance on that database.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmptyDatabase, type EmptyDatabase } from "../testing/test-database";
import { applyMigrations } from "../db/migrations";
import type { PrismaClient } from "../db/generated/client";
import { prismaClientOn } from "../db/open";
import { createMember, createTeam } from "../testing/factories";
import { hashPassword } from "./password";
import { passwordSignIn } from "./password-sign-in";
import { signInErrorMessage, throttledCode } from "./sign-in-errors";

const RULES = { perAccount: 5, perAddress: 12, windowSeconds: 15 * 60 };

let empty: EmptyDatabase;
// Two clients on one database: two app instances behind a load balancer.
let one: PrismaClient;
let two: PrismaClient;
before(async () => {
  empty = await createEmptyDatabase();
  await applyMigrations(empty.adapter);
  one = prismaClientOn(empty.adapter.factory);
  two = prismaClientOn(empty.adapter.factory);
});
after(async () => {
  await one.$disconnect();
  await two.$disconnect();
  await empty.close();
});

let n = 0;
async function account(password = "right-password") {
  const team = await createTeam(one);
  const email = `throttle-${++n}@example.test`;
  await createMember(one, team.id, { email, role: "OWNER", passwordHash: await hashPassword(password) });
  return email;
}
const attempt = (db: PrismaClient, email: string, password: string, address: string | null = `10.0.0.${n}`) =>
  passwordSignIn(db, { email, password, address }, RULES);

describe("password sign-in throttle", () => {
  it("after too many wrong passwords even the right one is refused, with how long to wait", async () => {
    const email = await account();
    for (let i = 0; i < RULES.perAccount; i++) assert.deepEqual(await attempt(one, email, `wrong-${i}`), { ok: false, reason: "invalid" });
    const refused = await attempt(one, email, "right-password");
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, "throttled");
    const wait = !refused.ok && refused.reason === "throttled" ? refused.retryAfterSeconds : 0;
    // Up to two windows: an attempt over the limit keeps counting, fading, through the next one.
    assert.ok(wait >= 1 && wait <= 2 * RULES.windowSeconds, `retry after ${wait}s`);
    assert.match(signInErrorMessage(throttledCode(wait)), /^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);
  });

  it("is shared by every instance on the database", async () => {
    const email = await account();
    for (let i = 0; i < RULES.perAccount; i++) await attempt(i % 2 ? one : two, email, "wrong");
    assert.equal((await attempt(two, email, "right-password")).ok, false);
    assert.equal((await attempt(one, email, "right-password")).ok, false);
  });

  it("lets no burst of parallel guesses through beyond the limit", async () => {
    const email = await account();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? one : two, email, "wrong", null)));
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    assert.equal(checked, RULES.perAccount, "only the allowed attempts reach the password check");
  });

  it("treats an unknown email exactly like a known one (no account enumeration)", async () => {
    const known = await account();
    const unknown = `nobody-${n}@example.test`;
    const answers = async (email: string) => {
      const out = [];
      for (let i = 0; i <= RULES.perAccount; i++) {
        const r = await attempt(one, email, "wrong", null);
        out.push(r.ok ? "ok" : r.reason);
      }
      return out;
    };
    assert.deepEqual(await answers(unknown), await answers(known));
    assert.equal((await answers(unknown)).at(-1), "throttled");
  });

  it("a successful sign-in starts the account's count again", async () => {
    const email = await account();
    for (let i = 0; i < RULES.perAccount - 1; i++) await attempt(one, email, "wrong");
    assert.equal((await attempt(one, email, "right-password")).ok, true);
    for (let i = 0; i < RULES.perAccount - 1; i++) await attempt(one, email, "wrong");
    assert.equal((await attempt(one, email, "right-password")).ok, true);
  });

  it("throttles one address trying many accounts, and not other addresses", async () => {
    const address = "203.0.113.7";
    const emails = await Promise.all(Array.from({ length: 4 }, () => account()));
    let i = 0;
    for (; i < RULES.perAddress; i++) assert.equal((await attempt(one, emails[i % 4], "wrong", address)).ok, false);
    const fresh = await account();
    const r = await attempt(one, fresh, "right-password", address);
    assert.equal(!r.ok && r.reason, "throttled", "this address used its attempts");
    assert.equal((await attempt(one, fresh, "right-password", "203.0.113.8")).ok, true, "another address is not affected");
  });
});
