// A sign-in recorded in a team (a session's first request there, a SAML login) while the member's
// deactivation is under way: the record must see the deactivation once it commits. Checked in a
// read before the write, the read saw the member still active, the write then waited for the
// deactivation's row and went ahead after it: the session got in, and a login was audited after
// the team ended the member's access. Runs on the PostgreSQL server in the embedded run too (PGlite
// runs one statement at a time, so nothing races there), as concurrent-writes.integration.test.ts does.
import { it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember, createTeam, testActor } = await import("../testing/factories");
const { heldTransaction, untilBlocked, waitsForLock } = await import("../testing/postgres-locks");
const { joinTransaction } = await import("../teams/join-transaction");
const { deactivateMember } = await import("./lifecycle");
const { recordSignIn, recordTeamEntry } = await import("./record-sign-in");
const { startSession } = await import("../sessions/start-session");

/** The member's deactivation, held open before it commits; `held` once it has written. */
const heldDeactivation = (teamId: string, membershipId: string) =>
  heldTransaction(t.db, (tx) => deactivateMember(joinTransaction(tx), { teamId, membershipId }, testActor));

async function member() {
  const team = await createTeam(t.db);
  await createMember(t.db, team.id, { role: "OWNER" });
  const m = await createMember(t.db, team.id, { role: "MEMBER" });
  return { team, m };
}

it("a session's first request in a team does not get in past a deactivation committing meanwhile", async () => {
  assert.equal(t.kind, "postgres");
  const { team, m } = await member();
  const sessionId = await startSession(t.db, { userId: m.userId, method: "password", maxAgeSeconds: 3600 });
  const deactivating = heldDeactivation(team.id, m.id);
  await deactivating.held;
  const entering = recordTeamEntry(t.db, { teamId: team.id, userId: m.userId, userEmail: m.user.email!, membershipId: m.id, membershipEmail: m.email, sessionId, method: "password" });
  await waitsForLock(admin, `"lastLoginAt"`);
  deactivating.release();
  await deactivating.committed;
  assert.equal(await entering, "gone");
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.login" } }), 0);
});

it("a SAML login is not recorded past a deactivation committing meanwhile", async () => {
  assert.equal(t.kind, "postgres");
  const { team, m } = await member();
  const deactivating = heldDeactivation(team.id, m.id);
  await deactivating.held;
  const recording = recordSignIn(t.db, m.userId, "saml", { teamId: team.id });
  await waitsForLock(admin, `"lastLoginAt"`);
  deactivating.release();
  await deactivating.committed;
  assert.equal(await recording, false);
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.login" } }), 0);
});

// Found by a concurrency review: a sign-in stamped the membership, then its audit row took the
// person's row FOR KEY SHARE (the actor's foreign key); a move of the person's sign-in address
// (SCIM changing a one-team account's address) holds the person FOR UPDATE, then updates the
// membership: each waited for the other, and PostgreSQL failed the sign-in as a deadlock.
it("a sign-in recorded while the member's address moves waits for the move, and both succeed", async () => {
  assert.equal(t.kind, "postgres");
  const { updateMember } = await import("./update-member");
  for (const record of ["saml login", "team entry"] as const) {
    const { team, m } = await member();
    // Before the person's row is held: a session's row takes it FOR KEY SHARE too.
    const sessionId = await startSession(t.db, { userId: m.userId, method: "password", maxAgeSeconds: 3600 });
    // The person's row held first, so that the move and the sign-in both queue behind it, the move first.
    const holding = heldTransaction(t.db, (tx) => tx.$queryRaw`SELECT id FROM "User" WHERE id = ${m.userId} FOR UPDATE`);
    await holding.held;
    const moved = `moved-${m.id.slice(0, 8)}@${team.slug}.test`;
    const moving = updateMember(t.db, { teamId: team.id, membershipId: m.id }, { email: moved }, testActor);
    await untilBlocked(admin, await holding.pid, 1);
    const signingIn =
      record === "saml login"
        ? recordSignIn(t.db, m.userId, "saml", { teamId: team.id })
        : recordTeamEntry(t.db, { teamId: team.id, userId: m.userId, userEmail: m.user.email!, membershipId: m.id, membershipEmail: m.email, sessionId, method: "password" });
    // Both queued behind the held row (before the fix, the sign-in had stamped the membership first).
    await untilBlocked(admin, await holding.pid, 2);
    holding.release();
    await holding.committed;
    const [move, signIn] = await Promise.allSettled([moving, signingIn]);
    assert.equal(move.status, "fulfilled", `${record}: ${JSON.stringify(move)}`);
    assert.equal(signIn.status, "fulfilled", `${record}: ${signIn.status === "rejected" ? String(signIn.reason) : ""}`);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: m.userId } })).emailNormalized, moved);
    assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.login" } }), 1, record);
  }
});
