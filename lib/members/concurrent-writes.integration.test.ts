// Writers of one team's members racing another transaction, on PostgreSQL (PGlite runs one
// statement at a time, so none of this can happen there). Each test holds a transaction open at a
// gate, starts a write that must wait for it, and checks the write saw what that transaction
// committed. Opens a schema of its own on the PostgreSQL server, in the embedded run too, as
// statement-names.integration.test.ts does.
import { it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember, createTeam, testActor } = await import("../testing/factories");
const { invitationExpiry } = await import("../invitations/invitation-status");
const { addMember } = await import("./add-member");
const { lockTeam } = await import("./lock-team");
const { updateMember, updateMemberInTx } = await import("./update-member");
const { OwnerAuthorityError } = await import("./errors");
const { WRITES_IN_FLIGHT, writesBatchedFor, writesInFlightFor, writesQueuedFor } = await import("./team-write-queue");
const { waitsForLock } = await import("../testing/postgres-locks");

// A SCIM token's actor, without the authority to touch owners.
const okta = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: false };

// Adding an existing person while another transaction changes them: the new membership carries
// the person as committed, not as they were when the adding statement began.
it("adds an existing person as another transaction left them", async () => {
  assert.equal(t.kind, "postgres");
  const [a, b] = [await createTeam(t.db), await createTeam(t.db)];
  const first = await createMember(t.db, a.id, { email: "changing@example.test" });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let updated!: () => void;
  const isUpdated = new Promise<void>((r) => (updated = r));
  const changing = t.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: first.userId }, data: { name: "Named meanwhile" } });
    updated();
    await gate;
  });
  await isUpdated;
  const adding = createMember(t.db, b.id, { email: "changing@example.test" });
  // The create's one statement (team b is not locked: it waits at the person's row).
  await waitsForLock(admin, `UPDATE "Team" SET "membershipEpoch"`);
  release();
  await changing;
  const second = await adding;
  assert.equal(second.userId, first.userId);
  assert.equal(second.user.name, "Named meanwhile");
});

// A SCIM create's one statement (add-member-in-one-statement.ts) waits for the team lock an
// invitation holds, and must then see it, though the statement's snapshot is older.
it("provisions an address invited while the create waited for the team: the invitation becomes the member", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let invited!: () => void;
  const isInvited = new Promise<void>((r) => (invited = r));
  // What createInvitation does, held open: the team's row locked, the invitation written.
  const inviting = t.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${team.id} FOR UPDATE`;
    const now = new Date();
    await tx.invitation.create({
      data: { teamId: team.id, email: "late@invite.test", emailNormalized: "late@invite.test", role: "ADMIN", tokenHash: "h", invitedByLabel: "admin", createdAt: now, sentAt: now, expiresAt: invitationExpiry(now) },
    });
    invited();
    await gate;
  });
  await isInvited;
  const adding = addMember(t.db, { teamId: team.id, email: "late@invite.test", source: "SCIM" }, { type: "scim", tokenId: "k", label: "Okta", mayManageOwners: false });
  await waitsForLock(admin, `UPDATE "Team" SET "membershipEpoch"`);
  release();
  await inviting;
  const member = await adding;
  const invitation = await t.db.invitation.findFirstOrThrow({ where: { teamId: team.id } });
  assert.equal(invitation.membershipId, member.id);
  assert.notEqual(invitation.acceptedAt, null);
});

// An update decided from the member as committed (update-member-in-one-statement.ts) waits for the
// team lock; it must not write what it decided from a member that is no longer so.
it("refuses a deactivation decided while the member was being made an owner, through a token that may not touch owners", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  const member = await createMember(t.db, team.id, { role: "ADMIN" });
  await createMember(t.db, team.id, { role: "OWNER" });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let promoted!: () => void;
  const isPromoted = new Promise<void>((r) => (promoted = r));
  const promoting = t.db.$transaction(async (tx) => {
    await lockTeam(tx, team.id);
    await updateMemberInTx(tx, { teamId: team.id, membershipId: member.id }, { role: "OWNER" }, testActor, {});
    promoted();
    await gate;
  });
  await isPromoted;
  const deactivating = updateMember(t.db, { teamId: team.id, membershipId: member.id }, { status: "DEACTIVATED" }, okta).then(
    () => null,
    (e: unknown) => e,
  );
  await waitsForLock(admin, `UPDATE "Team" SET "membershipEpoch"`);
  release();
  await promoting;
  assert.ok((await deactivating) instanceof OwnerAuthorityError);
  const after = await t.db.membership.findUniqueOrThrow({ where: { id: member.id } });
  assert.equal(after.role, "OWNER");
  assert.equal(after.status, "ACTIVE");
});

/** The team's row held by a transaction of another connection until `release()`; `holder` names its lock for pg_locks. */
async function holdTeam(teamId: string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: (holder: { xid: string; team: number }) => void;
  const isLocked = new Promise<{ xid: string; team: number }>((r) => (locked = r));
  const holding = t.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${teamId} FOR UPDATE`;
    const [row] = await tx.$queryRaw<{ xid: string; team: number }[]>`SELECT xid(pg_current_xact_id())::text AS xid, '"Team"'::regclass::oid::int AS team`;
    locked(row!);
    await gate;
  });
  return { holder: await isLocked, release, holding };
}

// team-write-queue.ts: one process sends a team's one-statement writes WRITES_IN_FLIGHT at a time.
// Five SCIM creates meet a team held by another transaction: that many of them wait on the team's
// row, and the others wait in the process, not on PostgreSQL connections of their own, and then go
// as one statement.
it("sends a team's one-statement writes a few at a time: those wait on the team's row, the rest in the process, then together", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  const { holder, release, holding } = await holdTeam(team.id);
  const adding = Array.from({ length: 5 }, (_, i) => addMember(t.db, { teamId: team.id, email: `queued${i}@example.test`, source: "SCIM" }, okta));
  // A backend waiting for the row waits on the holder's transaction (the first) or on the row's
  // tuple lock (those after it): one lock not granted each.
  let onTheRow = 0;
  // Polled until every create is accounted for; a regression that leaves one nowhere fails here
  // rather than spinning.
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > giveUpAt) assert.fail(`creates on the row: ${onTheRow}, in the process: ${writesQueuedFor(team.id)}, of 5`);
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(DISTINCT pid)::int AS n FROM pg_locks
        WHERE NOT granted AND ((locktype = 'transactionid' AND transactionid::text = $1) OR (locktype = 'tuple' AND relation = $2::oid))`,
      [holder.xid, holder.team],
    );
    onTheRow = rows[0]!.n;
    if (onTheRow + writesBatchedFor("create", team.id) >= 5) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(onTheRow, WRITES_IN_FLIGHT);
  assert.equal(writesQueuedFor(team.id), 1, "the others wait as one write");
  assert.equal(writesBatchedFor("create", team.id), 5 - WRITES_IN_FLIGHT);
  const epoch = (await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).membershipEpoch;
  release();
  await holding;
  const members = await Promise.all(adding);
  assert.deepEqual(members.map((m) => m.email), Array.from({ length: 5 }, (_, i) => `queued${i}@example.test`), "each create answered with its own member");
  assert.equal(new Set(members.map((m) => m.id)).size, 5);
  assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 5);
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.added" } }), 5);
  // One statement per write in flight, and one for the three that waited: each moves the epoch once.
  assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).membershipEpoch, epoch + WRITES_IN_FLIGHT + 1);
});

// add-member-in-one-statement.ts: a batch's creates are each decided as they would be alone. One
// that is not the statement's case (a person Gatehouse has) goes to the transaction; a create of
// an address or a userName the open batch has waits for the next batch, and is decided there as
// alone: of two creates of one userName one is refused (the two batches are in flight together,
// so either may reach the team's row first, as two such requests could before), and a second
// create of one address joins the person the first made.
it("a batch of creates decides each as alone: an existing person, an address or a userName two of them share", async () => {
  assert.equal(t.kind, "postgres");
  const [team, other] = [await createTeam(t.db), await createTeam(t.db)];
  const known = await createMember(t.db, other.id, { email: "known@example.test" });
  const { release, holding } = await holdTeam(team.id);
  const add = (email: string, userName = email) => addMember(t.db, { teamId: team.id, email, userName, source: "SCIM" }, okta).then((m) => m.userName, (e: Error) => e.constructor.name);
  // The first two take the places in flight (and wait on the row); the rest wait as one batch.
  const adding = [add("first@example.test"), add("second@example.test")];
  adding.push(add("new@example.test"), add("dup.one@example.test", "shared@example.test"), add("dup.two@example.test", "shared@example.test"), add("known@example.test"));
  // new, dup.one | dup.two, known: two batches waiting.
  assert.deepEqual([writesQueuedFor(team.id), writesBatchedFor("create", team.id)], [2, 2]);
  const together = [add("a@example.test"), add("twice@example.test", "twice.one"), add("twice@example.test", "twice.two")];
  // … a, twice.one join the open batch; twice.two opens a third.
  assert.deepEqual([writesQueuedFor(team.id), writesBatchedFor("create", team.id)], [3, 1]);
  release();
  await holding;
  const added = await Promise.all(adding);
  assert.deepEqual([...added.slice(0, 3), added[5]], ["first@example.test", "second@example.test", "new@example.test", "known@example.test"]);
  assert.deepEqual(added.slice(3, 5).sort(), ["DuplicateMemberError", "shared@example.test"], "one of the two creates of one userName is refused");
  // As alone: the address's second create joins the person its first made (as the transaction does).
  assert.deepEqual(await Promise.all(together), ["a@example.test", "twice.one", "twice.two"]);
  assert.equal(await t.db.user.count({ where: { emailNormalized: "twice@example.test" } }), 1);
  const joined = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, emailNormalized: "known@example.test" } });
  assert.equal(joined.userId, known.userId, "the person Gatehouse had joined, not a second one");
  const refused = added[3] === "DuplicateMemberError" ? "dup.one@example.test" : "dup.two@example.test";
  assert.equal(await t.db.user.count({ where: { emailNormalized: refused } }), 0, "the refused create left no person behind");
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.added" } }), 8);
});

// update-member-in-one-statement.ts: a team's updates that wait for its place together go as one
// statement, as creates do; two updates of one member never share one (the second must see the
// first's write).
it("a team's updates that wait together go as one statement; two of one member never share one", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  const members: Awaited<ReturnType<typeof addMember>>[] = [];
  for (let i = 0; i < 6; i++) members.push(await addMember(t.db, { teamId: team.id, email: `u${i}@example.test`, source: "SCIM" }, okta));
  const { release, holding } = await holdTeam(team.id);
  const until = async (what: string, done: () => boolean) => {
    const giveUpAt = Date.now() + 60_000;
    while (!done()) {
      if (Date.now() > giveUpAt) assert.fail(`${what}: ${writesQueuedFor(team.id)} queued, ${writesBatchedFor("update", team.id)} in the open batch`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const update = (i: number, changes: Parameters<typeof updateMember>[2]) => updateMember(t.db, { teamId: team.id, membershipId: members[i]!.id }, changes, okta);
  // Two in flight (each reads its member first), then the other four, in one batch.
  const deactivating = [update(0, { status: "DEACTIVATED" }), update(1, { status: "DEACTIVATED" })];
  await until("two deactivations in flight", () => writesInFlightFor(team.id) === WRITES_IN_FLIGHT);
  deactivating.push(...[2, 3, 4, 5].map((i) => update(i, { status: "DEACTIVATED" })));
  await until("four deactivations batched", () => writesBatchedFor("update", team.id) === 4);
  const retitling = update(2, { title: "Kept" });
  await until("the second update of a member in a batch of its own", () => writesQueuedFor(team.id) === 2 && writesBatchedFor("update", team.id) === 1);
  release();
  await holding;
  await Promise.all([...deactivating, retitling]);
  const after = await t.db.membership.findMany({ where: { teamId: team.id }, orderBy: { userName: "asc" } });
  assert.deepEqual(after.map((m) => m.status), after.map(() => "DEACTIVATED"));
  assert.equal(after.find((m) => m.id === members[2]!.id)?.title, "Kept", "the second update saw the first's write and kept it");
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.deactivated" } }), 6);
  assert.equal(await t.db.teamAccessRevocation.count({ where: { teamId: team.id } }), 6, "each deactivated member's sessions ended");
});

// Two batches are in flight together, and either may take the team's row first; the one that
// brings again a userName the other took fails whole (its snapshot predates the other's commit),
// and its creates are run again alone, in order: the creates that can be written are, the others
// are refused and leave nothing behind, and each userName has one member.
it("creates of userNames another batch in flight brings too: one of each is refused, the rest written, nothing left behind", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  const { release, holding } = await holdTeam(team.id);
  const add = (email: string, userName = email) => addMember(t.db, { teamId: team.id, email, userName, source: "SCIM" }, okta).then((m) => m.email, (e: Error) => e.constructor.name);
  const inFlight = [add("w1@example.test"), add("w2@example.test")];
  const earlier = [add("c1@example.test", "x"), add("c2@example.test", "shared")];
  for (let i = 0; i < 6; i++) earlier.push(add(`f${i}@example.test`));
  // A userName the open batch has: the next batch.
  const later = [add("c3@example.test", "shared"), add("c4@example.test", "x"), add("fb@example.test")];
  assert.deepEqual([writesQueuedFor(team.id), writesBatchedFor("create", team.id)], [2, 3]);
  release();
  await holding;
  const [a, b] = [await Promise.all(earlier), await Promise.all(later)];
  await Promise.all(inFlight);
  assert.deepEqual(a.slice(2), Array.from({ length: 6 }, (_, i) => `f${i}@example.test`));
  assert.equal(b[2], "fb@example.test");
  const members = await t.db.membership.findMany({ where: { teamId: team.id, userNameNormalized: { in: ["x", "shared"] } }, orderBy: { userNameNormalized: "asc" } });
  assert.deepEqual([a[1], b[0]].sort(), ["DuplicateMemberError", members[0]!.email], "shared: one member, the other create refused");
  assert.deepEqual([a[0], b[1]].sort(), ["DuplicateMemberError", members[1]!.email], "x: one member, the other create refused");
  assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 11);
  const refused = ["c1", "c2", "c3", "c4"].map((c) => `${c}@example.test`).filter((e) => !members.some((m) => m.email === e));
  assert.equal(await t.db.user.count({ where: { emailNormalized: { in: refused } } }), 0, "the refused creates left no person behind");
});
