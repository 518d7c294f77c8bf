// A SCIM token revoked while requests it authenticated wait to write, on PostgreSQL (PGlite runs
// one statement at a time, so none of this can happen there). Opens a schema of its own on the
// PostgreSQL server, in the embedded run too, as lib/members/concurrent-writes does.
//
// A request reads its token once, first; its write then waits for the team (behind another
// writer's row lock, or in this process's queue of the team's writes, team-write-queue.ts) for as
// long as the team is busy: seconds under an IdP's burst. An admin revoking a leaked token must not
// see those writes land after "revoked" came back: a write either commits before the revocation
// does, or finds the token revoked once it holds the team and is refused (401).
import { it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember } = await import("../testing/factories");
const { oktaUser, PATCH_SCHEMA, scimClient, teamWithToken } = await import("../testing/scim-harness");
const { revokeScimToken } = await import("./revoke-token");
const { rotateScimToken } = await import("./rotate-token");
const { WRITES_IN_FLIGHT, writesQueuedFor } = await import("../members/team-write-queue");
const { heldTransaction, untilBlocked } = await import("../testing/postgres-locks");

const ownerActor = { type: "system" as const, label: "owner@example.test" };

/**
 * The team's row held by a transaction of another connection until `release()`, as a membership
 * write holds it (lockTeam's UPDATE: not FOR UPDATE, which would also hold off the foreign-key
 * checks of the revocation's audit row); `pid` is its backend.
 */
async function holdTeam(teamId: string) {
  const held = heldTransaction(t.db, (tx) => tx.$executeRaw`UPDATE "Team" SET "membershipEpoch" = "membershipEpoch" + 1 WHERE id = ${teamId}`);
  return { pid: await held.pid, release: held.release, holding: held.committed };
}

function tracked<T>(p: Promise<T>) {
  const state = { done: false, value: p };
  p.then(() => (state.done = true), () => (state.done = true));
  return state;
}

it("a create that waited for the team while its token was revoked is refused, or committed before the revocation returned", async () => {
  assert.equal(t.kind, "postgres");
  const { team, token, tokenId } = await teamWithToken(t.db, "revoke-race-create", { mayManageOwners: false });
  const scim = scimClient(t.db, token);
  assert.equal((await scim("GET", "/Users?count=1")).status, 200);
  const hold = await holdTeam(team.id);
  const creating = scim("POST", "/Users", { body: oktaUser("late@example.test") });
  await untilBlocked(admin, hold.pid, 1);
  const revoking = tracked(revokeScimToken(t.db, { teamId: team.id, tokenId }, ownerActor));
  // Either the revocation waits for the team too (then the create goes first, or finds the token
  // revoked), or it returns while the create still waits.
  await untilBlocked(admin, hold.pid, 2, () => revoking.done);
  const revokedFirst = revoking.done;
  hold.release();
  await hold.holding;
  const created = await creating;
  await revoking.value;
  const members = await t.db.membership.count({ where: { teamId: team.id, emailNormalized: "late@example.test" } });
  if (revokedFirst) {
    assert.equal(created.status, 401, "the revocation came back before the create wrote: the create must not write");
    assert.equal(members, 0);
  } else {
    assert.ok((created.status === 201 && members === 1) || (created.status === 401 && members === 0), `${created.status}, ${members} written`);
  }
  assert.equal((await scim("POST", "/Users", { body: oktaUser("after@example.test") })).status, 401);
});

it("requests queued in this process behind the team's writes when their token is revoked are written whole before it or refused, never half", async () => {
  assert.equal(t.kind, "postgres");
  const { team, token, tokenId } = await teamWithToken(t.db, "revoke-race-queued", { mayManageOwners: false });
  const scim = scimClient(t.db, token);
  assert.equal((await scim("GET", "/Users?count=1")).status, 200);
  const member = await createMember(t.db, team.id, { email: "target@example.test", role: "MEMBER" });
  const hold = await holdTeam(team.id);
  // The team's places in flight taken (each waits at the row), then one more create and one
  // deactivation waiting in the process: authenticated, nothing sent yet.
  const inFlight = Array.from({ length: WRITES_IN_FLIGHT }, (_, i) => scim("POST", "/Users", { body: oktaUser(`first${i}@example.test`) }));
  await untilBlocked(admin, hold.pid, WRITES_IN_FLIGHT);
  const queuedCreate = scim("POST", "/Users", { body: oktaUser("queued@example.test") });
  const queuedDeactivation = scim("PATCH", `/Users/${member.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } });
  const giveUpAt = Date.now() + 60_000;
  while (writesQueuedFor(team.id) < 2) {
    if (Date.now() > giveUpAt) assert.fail(`${writesQueuedFor(team.id)} writes queued in the process, not 2`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const revoking = tracked(revokeScimToken(t.db, { teamId: team.id, tokenId }, ownerActor));
  // The revocation returns at once, or waits at the team's row ahead of the queued requests.
  await untilBlocked(admin, hold.pid, WRITES_IN_FLIGHT + 1, () => revoking.done);
  hold.release();
  await hold.holding;
  await revoking.value;
  // Sent to the database only once a place in flight came free, while the revocation waits at the
  // team's row; PostgreSQL decides who takes the row next (see below), so either may commit before
  // the revocation (CI saw 201/401 and 201/200). What holds: each is written whole before the
  // revocation or refused after it, and nothing sent after the revocation returned writes. The
  // refusal itself is asserted by the test above whenever the revocation returns first (its order,
  // too, is PostgreSQL's to decide).
  const created = await queuedCreate;
  const deactivated = await queuedDeactivation;
  const createdRows = await t.db.membership.count({ where: { teamId: team.id, emailNormalized: "queued@example.test" } });
  const status = (await t.db.membership.findUniqueOrThrow({ where: { id: member.id } })).status;
  assert.ok((created.status === 201 && createdRows === 1) || (created.status === 401 && createdRows === 0), `queued create: ${created.status}, ${createdRows} written`);
  assert.ok((deactivated.status === 200 && status === "DEACTIVATED") || (deactivated.status === 401 && status === "ACTIVE"), `queued deactivation: ${deactivated.status}, ${status}`);
  // Those already waiting at the team's row meet the revocation there, in an order PostgreSQL
  // decides (the row's new version is contended afresh once its first writer has updated it):
  // each is written before it, or refused after it, never half.
  for (const [i, r] of (await Promise.all(inFlight)).entries()) {
    const written = await t.db.membership.count({ where: { teamId: team.id, emailNormalized: `first${i}@example.test` } });
    assert.ok((r.status === 201 && written === 1) || (r.status === 401 && written === 0), `first${i}: ${r.status}, ${written} written`);
  }
  assert.equal((await scim("POST", "/Users", { body: oktaUser("after-queue@example.test") })).status, 401);
});

it("a token rotated without overlap stops writing at once, also for a removal waiting for the team", async () => {
  assert.equal(t.kind, "postgres");
  const { team, token, tokenId } = await teamWithToken(t.db, "rotate-race-delete", { mayManageOwners: false });
  const scim = scimClient(t.db, token);
  assert.equal((await scim("GET", "/Users?count=1")).status, 200);
  const member = await createMember(t.db, team.id, { email: "stays@example.test", role: "MEMBER" });
  const hold = await holdTeam(team.id);
  const filler = Array.from({ length: WRITES_IN_FLIGHT }, (_, i) => scim("POST", "/Users", { body: oktaUser(`filler${i}@example.test`) }));
  await untilBlocked(admin, hold.pid, WRITES_IN_FLIGHT);
  // A DELETE is a transaction of its own (removeMember), not queued in the process: it waits at the row.
  const removing = scim("DELETE", `/Users/${member.id}`);
  await untilBlocked(admin, hold.pid, WRITES_IN_FLIGHT + 1);
  const rotating = tracked(rotateScimToken(t.db, { teamId: team.id, tokenId, overlapHours: 0, mayManageOwners: false }, ownerActor));
  await untilBlocked(admin, hold.pid, WRITES_IN_FLIGHT + 2, () => rotating.done);
  const rotatedFirst = rotating.done;
  hold.release();
  await hold.holding;
  await Promise.all(filler);
  await rotating.value;
  const removed = await removing;
  const left = await t.db.membership.count({ where: { id: member.id } });
  if (rotatedFirst) assert.deepEqual([removed.status, left], [401, 1], "the rotation came back before the removal: nothing removed");
  // Both waited at the team's row: the removal is written before the rotation, or refused after it.
  else assert.ok((removed.status === 204 && left === 0) || (removed.status === 401 && left === 1), `${removed.status}, ${left} left`);
});

it("a create and a deactivation waiting for a team that is being deleted answer 404 and leave nothing behind", async () => {
  assert.equal(t.kind, "postgres");
  const { team, token } = await teamWithToken(t.db, "deleted-under-writes", { mayManageOwners: false });
  const scim = scimClient(t.db, token);
  assert.equal((await scim("GET", "/Users?count=1")).status, 200);
  const member = await createMember(t.db, team.id, { email: "in-deleted@example.test", role: "MEMBER" });
  // What deleteTeam does (lib/teams/delete-team.ts), held open before its commit.
  const held = heldTransaction(t.db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${team.id} FOR UPDATE`;
    await tx.scimPageCursor.deleteMany({ where: { teamId: team.id } });
    await tx.sessionTeamEntry.deleteMany({ where: { teamId: team.id } });
    await tx.team.delete({ where: { id: team.id } });
  });
  const { release, committed: deleting } = held;
  const pid = await held.pid;
  const creating = scim("POST", "/Users", { body: oktaUser("into-deleted@example.test") });
  const deactivating = scim("PATCH", `/Users/${member.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } });
  await untilBlocked(admin, pid, 2);
  release();
  await deleting;
  assert.deepEqual([(await creating).status, (await deactivating).status], [404, 404]);
  assert.equal(await t.db.user.count({ where: { emailNormalized: "into-deleted@example.test" } }), 0, "no person left behind");
  assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 0);
  assert.equal(await t.db.teamAccessRevocation.count({ where: { teamId: team.id } }), 0);
});

// The order the tests above leave to PostgreSQL, forced: the revocation holds the team's row first
// (holdTeamWrites, as revokeScimToken does) and commits while a create, a deactivation and a
// removal wait for that row. Each then holds the row with its token revoked and must be refused,
// whatever it read before it waited (the one-statement writes' snapshot predates the revocation).
it("writes waiting for the team while a revocation holds it are refused once it commits, and write nothing", async () => {
  assert.equal(t.kind, "postgres");
  const { holdTeamWrites } = await import("./revoke-token");
  const { team, token, tokenId } = await teamWithToken(t.db, "revoke-first", { mayManageOwners: false });
  const scim = scimClient(t.db, token);
  assert.equal((await scim("GET", "/Users?count=1")).status, 200);
  const sleeper = await createMember(t.db, team.id, { email: "sleeper@example.test", role: "MEMBER" });
  const leaver = await createMember(t.db, team.id, { email: "leaver@example.test", role: "MEMBER" });
  // The revocation's own first step (holdTeamWrites), held open; its write is made once released.
  const held = heldTransaction(t.db, (tx) => holdTeamWrites(tx, team.id), {
    beforeCommit: (tx) => tx.scimToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } }),
  });
  const { release, committed: revoking } = held;
  const pid = await held.pid;
  const creating = scim("POST", "/Users", { body: oktaUser("late@example.test") });
  const deactivating = scim("PATCH", `/Users/${sleeper.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } });
  const removing = scim("DELETE", `/Users/${leaver.id}`);
  await untilBlocked(admin, pid, 3);
  release();
  await revoking;
  assert.deepEqual([(await creating).status, (await deactivating).status, (await removing).status], [401, 401, 401]);
  assert.equal(await t.db.membership.count({ where: { teamId: team.id, emailNormalized: "late@example.test" } }), 0);
  assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: sleeper.id } })).status, "ACTIVE");
  assert.equal(await t.db.membership.count({ where: { id: leaver.id } }), 1);
});
