// A password reset while the person's sign-in address moves (their team's SCIM changing a one-team
// account's address). The reset locked the link, then the person; the move locks the person, then
// withdraws the person's links: each waited for the other and PostgreSQL failed one of them as a
// deadlock (found by review; the move answered 409). Now both take the person first, and the one
// that comes second waits for the first. Runs on the PostgreSQL server in the embedded run too
// (PGlite runs one statement at a time, so nothing races there).
import { it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember, createTeam, testActor } = await import("../testing/factories");
const { heldTransaction } = await import("../testing/postgres-locks");
const { updateMember } = await import("../members/update-member");
const { issuePasswordToken } = await import("./tokens");
const { resetPassword } = await import("./reset-password");

/** Until `n` statements of this database wait for a lock. */
async function lockWaiters(n: number) {
  for (const giveUpAt = Date.now() + 30_000; ; ) {
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (rows[0].n >= n) return;
    assert.ok(Date.now() < giveUpAt, `${rows[0].n} statements waited for a lock, not ${n}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

it("a reset and a move of the person's address at once both complete, one after the other", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  await createMember(t.db, team.id, { role: "OWNER" });
  const m = await createMember(t.db, team.id, { role: "MEMBER" });
  const link = await t.db.$transaction((tx) => issuePasswordToken(tx, { userId: m.userId, purpose: "reset", createdByLabel: "test", ttlMs: 3_600_000, mailOnly: true }));
  // The link's row held first, so that the reset queues behind it, then the move.
  const holding = heldTransaction(t.db, (tx) => tx.$queryRaw`SELECT id FROM "PasswordToken" WHERE id = ${link.id} FOR UPDATE`);
  await holding.held;
  const resetting = resetPassword(t.db, link.secret, "a new password, long enough");
  await lockWaiters(1);
  const moved = `moved-${m.id.slice(0, 8)}@${team.slug}.test`;
  const moving = updateMember(t.db, { teamId: team.id, membershipId: m.id }, { email: moved }, testActor);
  await lockWaiters(2);
  holding.release();
  await holding.committed;
  const [reset, move] = await Promise.allSettled([resetting, moving]);
  assert.equal(reset.status, "fulfilled", reset.status === "rejected" ? String(reset.reason) : "");
  assert.equal(move.status, "fulfilled", move.status === "rejected" ? String(move.reason) : "");
  const person = await t.db.user.findUniqueOrThrow({ where: { id: m.userId } });
  assert.equal(person.emailNormalized, moved);
  assert.ok(person.passwordHash);
});
