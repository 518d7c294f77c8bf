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
const { heldTransaction, waitsForLock } = await import("../testing/postgres-locks");
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
