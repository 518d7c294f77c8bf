// The invitation page's "accept with your password" action, as Next runs it: the client's address
// it throttles by comes from the request's X-Forwarded-For (lib/auth/client-address.ts), the entry
// the trusted proxies wrote, never one the client wrote further left. The throttle itself is tested
// in lib/invitations; this is the action's wiring of the address into it.
import { inRequest } from "@/lib/testing/action-request";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { systemActor } from "@/lib/audit/actor";
import { hashPassword } from "@/lib/auth/password";
import { useDatabaseForTests } from "@/lib/db/client";
import { createInvitation } from "@/lib/invitations/manage-invitations";
import { createMember, createTeam } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

// Before the first env(): one proxy in front (it appends the address it saw), three guesses per address.
process.env.TRUSTED_PROXY_HOPS = "1";
process.env.SIGN_IN_ATTEMPTS_PER_ADDRESS = "3";
process.env.SIGN_IN_ATTEMPTS_PER_ACCOUNT = "10";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

type State = { status: "idle" } | { status: "success" | "error"; message: string; data?: { slug: string; email: string } };

/** Someone with an account (a member of another team) invited to a new team: the page asks for their password. */
async function invitedAccount(n: number) {
  const home = await createTeam(t.db);
  const email = `invited-${n}-${home.slug}@accept.test`;
  const member = await createMember(t.db, home.id, { email, passwordHash: await hashPassword(`password of ${n}`) });
  const team = await createTeam(t.db);
  const { secret } = await createInvitation(t.db, { teamId: team.id, email, role: "MEMBER" }, systemActor("test"));
  return { email, userId: member.userId, team, secret, password: `password of ${n}` };
}

async function accept(forwardedFor: string | null, token: string, password: string) {
  const { acceptWithPasswordAction } = await import("./actions");
  const form = new FormData();
  form.set("token", token);
  form.set("password", password);
  const outcome = await inRequest(forwardedFor === null ? {} : { "x-forwarded-for": forwardedFor }, () => acceptWithPasswordAction({ status: "idle" }, form));
  assert.ok("answer" in outcome, JSON.stringify(outcome));
  return outcome.answer as State;
}

// The window's count and the one before it (the throttle keeps both): guesses that straddle the
// end of a quarter-hour are split between them, and this test takes far less than a quarter-hour.
const addressHits = async (address: string) =>
  (await t.db.rateLimit.findMany({ where: { key: `signin:address:${address}` } })).reduce((n, r) => n + Number(r.count) + Number(r.previousCount), 0);

describe("accepting an invitation with the account's password", () => {
  it("counts each guess against the address the proxy saw, across accounts, and refuses past the limit even the right password", async () => {
    const people = await Promise.all([1, 2, 3, 4].map(invitedAccount));
    // The client writes what it likes to the left of the proxy's entry; only the proxy's counts.
    for (const [i, p] of people.slice(0, 3).entries()) {
      const answer = await accept(`10.0.0.${i}, 203.0.113.5`, p.secret, "a wrong guess");
      assert.equal(answer.status, "error");
      assert.match((answer as { message: string }).message, /not the password/);
    }
    assert.equal(await addressHits("203.0.113.5"), 3, "each guess counted against the proxy's address");
    for (const spoofed of ["10.0.0.0", "10.0.0.1", "10.0.0.2"]) assert.equal(await addressHits(spoofed), 0, "nothing counted against what the client wrote");

    const refused = await accept("192.0.2.77, 203.0.113.5", people[3]!.secret, people[3]!.password);
    assert.equal(refused.status, "error");
    assert.match((refused as { message: string }).message, /Too many attempts/);
    assert.equal(await t.db.membership.count({ where: { userId: people[3]!.userId, teamId: people[3]!.team.id } }), 0, "not joined");

    // From another address the same person, with the same password, joins.
    const joined = await accept("203.0.113.6", people[3]!.secret, people[3]!.password);
    assert.equal(joined.status, "success", JSON.stringify(joined));
    assert.deepEqual((joined as { data?: unknown }).data, { slug: people[3]!.team.slug, email: people[3]!.email });
    assert.equal(await t.db.membership.count({ where: { userId: people[3]!.userId, teamId: people[3]!.team.id, status: "ACTIVE" } }), 1);
  });

  it("without a usable address (no header, not an IP) counts the guess against the account only", async () => {
    const p = await invitedAccount(5);
    const before = await t.db.rateLimit.count({ where: { key: { startsWith: "signin:address:" } } });
    for (const header of [null, "not-an-address", ""]) {
      const answer = await accept(header, p.secret, "a wrong guess");
      assert.equal(answer.status, "error");
    }
    assert.equal(await t.db.rateLimit.count({ where: { key: { startsWith: "signin:address:" } } }), before, "no address row");
    const right = await accept(null, p.secret, p.password);
    assert.equal(right.status, "success", JSON.stringify(right));
  });
});
