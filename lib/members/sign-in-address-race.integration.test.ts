// A team's IdP moves the sign-in address of an account only while that team is the account's one
// team (update-member.ts, signInEmailMove). "One team" must still hold when the move commits: on
// PostgreSQL another team adds the same account under its own team lock, not this one, so the
// two transactions race. Whichever commits first, the account must not end up in two teams with
// an address one of them chose. Runs on the PostgreSQL server in the embedded run too (PGlite runs
// one statement at a time, so nothing races there), as concurrent-writes.integration.test.ts does.
import { it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { oktaUser, PATCH_SCHEMA, scimClient, teamWithToken } = await import("../testing/scim-harness");
const { addMember } = await import("./add-member");
const { heldTransaction, waitsForLock } = await import("../testing/postgres-locks");
const { joinTransaction } = await import("../teams/join-transaction");

const okta = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: false };
const moveTo = (email: string) => ({ body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "emails", value: [{ value: email, primary: true }] }] } });

it("team A's IdP does not move the sign-in address of an account team B added meanwhile (B first)", async () => {
  assert.equal(t.kind, "postgres");
  const a = await teamWithToken(t.db, "race-a1");
  const b = await teamWithToken(t.db, "race-b1");
  const scimA = scimClient(t.db, a.token);
  const inA = await scimA("POST", "/Users", { body: oktaUser("pat@race1.test") });
  assert.equal(inA.status, 201);

  // Team B adds the account (Okta's push, an invitation, SSO: all through addMember), not yet committed.
  const joining = heldTransaction(t.db, (tx) => addMember(joinTransaction(tx), { teamId: b.team.id, email: "pat@race1.test", source: "SCIM" }, okta));
  await joining.held;
  const moving = scimA("PATCH", `/Users/${inA.body.id}`, moveTo("someone-else@race1.test"));
  // Team A's write reaches the account while B's join is still open. (Before the fix it waits at
  // the person's row only after counting their teams: one, B's not yet committed.)
  await waitsForLock(admin, `"User"`);
  joining.release();
  await joining.committed;
  const moved = await moving;
  assert.equal(moved.status, 200);
  assert.equal(moved.body.emails[0].value, "someone-else@race1.test", "team A's directory takes the address");

  const person = await t.db.user.findFirstOrThrow({ where: { memberships: { some: { teamId: b.team.id } } } });
  assert.equal(person.email, "pat@race1.test", "the account is in team B too: its sign-in address stays");
});

it("team A's IdP does not move the sign-in address of an account team B has read to add (B's read first)", async () => {
  assert.equal(t.kind, "postgres");
  const a = await teamWithToken(t.db, "race-a2");
  const b = await teamWithToken(t.db, "race-b2");
  const scimA = scimClient(t.db, a.token);
  const inA = await scimA("POST", "/Users", { body: oktaUser("pat@race2.test") });
  const { userId } = await t.db.membership.findUniqueOrThrow({ where: { id: inA.body.id }, select: { userId: true } });
  // A reset link someone saw: team B's add withdraws it (its membership is open to a password set
  // with it), right after it has read the account by its address. Holding that row holds team B's
  // add there.
  const link = await t.db.passwordToken.create({
    data: { userId, purpose: "reset", tokenHash: `race2-${userId}`, createdByLabel: "an admin", expiresAt: new Date(Date.now() + 3_600_000), mailOnly: false },
  });
  const gate = heldTransaction(t.db, (tx) => tx.$queryRaw`SELECT id FROM "PasswordToken" WHERE id = ${link.id} FOR UPDATE`);
  await gate.held;
  const joining = addMember(t.db, { teamId: b.team.id, email: "pat@race2.test", source: "SCIM" }, okta);
  await waitsForLock(admin, `"PasswordToken"`);

  // Team A's IdP moves the address meanwhile: it answers, or waits for team B's add.
  const moving = scimA("PATCH", `/Users/${inA.body.id}`, moveTo("someone-else@race2.test"));
  let settled = false;
  void moving.then(() => (settled = true));
  await waitsForLock(admin, `"User"`, () => settled);
  gate.release();
  await gate.committed;
  const joined = await joining;
  const moved = await moving;
  assert.equal(moved.status, 200);
  assert.equal(moved.body.emails[0].value, "someone-else@race2.test", "team A's directory takes the address");
  const person = await t.db.user.findUniqueOrThrow({ where: { id: joined.userId } });
  assert.equal(person.email, "pat@race2.test", "team B's member signs in with the address team B added");
});
