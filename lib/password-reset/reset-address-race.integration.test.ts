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
const { heldTransaction, untilBlocked } = await import("../testing/postgres-locks");
const { joinTransaction } = await import("../teams/join-transaction");
const { updateMember } = await import("../members/update-member");
const { issuePasswordToken } = await import("./tokens");
const { resetPassword } = await import("./reset-password");
const { requestPasswordReset } = await import("./request-reset");
const { createMemberResetLink } = await import("./admin-reset");

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

// A password link made while the move of the account's address is in flight (its transaction open,
// the account's row locked): the link went in after the move had withdrawn the account's links, and
// was mailed to the old address; used, it proved the new one (found by review). Now the link reads
// the address under the account's lock, so it waits for the move and sees where it left the address.
async function oneTeamAccount(tag: string) {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { role: "OWNER" });
  const x = await createMember(t.db, team.id, { email: `old-${tag}-${team.slug}@race.test`, role: "MEMBER" });
  return { team, owner, x, moved: `new-${tag}-${team.slug}@race.test` };
}

/** The move of x's address, held open once it has written it (and withdrawn x's links), until released. */
function moveHeld(team: { id: string }, x: { id: string }, email: string) {
  return heldTransaction(t.db, (tx) => updateMember(joinTransaction(tx), { teamId: team.id, membershipId: x.id }, { email }, testActor));
}

it("forgot password asked for the old address while it moves: no link, nothing mailed", async () => {
  assert.equal(t.kind, "postgres");
  const { team, x, moved } = await oneTeamAccount("fp");
  const moving = moveHeld(team, x, moved);
  await moving.held;
  let done = false;
  const asking = requestPasswordReset(t.db, x.email).finally(() => (done = true));
  // It read the account by the old address (the move not committed), then waits for the move.
  await untilBlocked(admin, await moving.pid, 1, () => done);
  moving.release();
  await moving.committed;
  assert.equal(await asking, null, "no mail to the old address");
  assert.equal(await t.db.passwordToken.count({ where: { userId: x.userId, usedAt: null, expiresAt: { gt: new Date() } } }), 0, "no open link");
  assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: x.userId } })).emailNormalized, moved);
});

it("an admin's link made while the address moves is for the new address, and proves nothing unless mailed there", async () => {
  assert.equal(t.kind, "postgres");
  const { team, owner, x, moved } = await oneTeamAccount("ar");
  const moving = moveHeld(team, x, moved);
  await moving.held;
  let done = false;
  const making = createMemberResetLink(t.db, { teamId: team.id, membershipId: x.id }, { type: "user", userId: owner.userId, label: owner.email, mayManageOwners: true }).finally(
    () => (done = true),
  );
  await untilBlocked(admin, await moving.pid, 1, () => done);
  moving.release();
  await moving.committed;
  const made = await making;
  // deliverMemberResetLink mails made.email: the account's address as the move left it.
  assert.equal(made.email, moved, "the link's mail names the new address, not the old one");
  assert.equal((await t.db.passwordToken.findUniqueOrThrow({ where: { id: made.tokenId } })).mailedTo, moved);
  // Shown to the admin instead (no SMTP): it sets the password and proves nothing, as ever.
  await resetPassword(t.db, made.link.split("/reset-password/")[1]!, "the admin's choice, long enough");
  assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: x.userId } })).emailVerifiedAt, null);
});
