// An IdP's create of a person new to Gatehouse is one statement (add-member-in-one-statement.ts),
// its update of a member a read and one statement (update-member-in-one-statement.ts), and what
// they write and answer is what the transaction would. Statements are counted in
// Prisma's query log (testing/statement-log.ts), the direct path included.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createMember, createTeam, testActor } from "../testing/factories";
import { oktaUser, PATCH_SCHEMA, scimClient, teamWithToken } from "../testing/scim-harness";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { addMember } from "./add-member";
import { updateMember, updateMemberInTx } from "./update-member";
import { lockTeam } from "./lock-team";
import { getMember, listMembers } from "./list-members";
import { memberInclude } from "./types";
import { memberTimeline } from "../audit/member-timeline";

let db: StatementLog["db"];
let statementsOf: StatementLog["statementsOf"];
useStatementLog({ directPath: true }, (log) => ({ db, statementsOf } = log));

const readBack = (id: string) => db.membership.findUniqueOrThrow({ where: { id }, include: memberInclude });
const auditOf = (teamId: string, targetId: string) =>
  db.auditEvent.findMany({ where: { teamId, targetId }, select: { actorType: true, actorUserId: true, actorLabel: true, action: true, targetType: true, targetLabel: true, details: true } });

describe("adding a person new to Gatehouse", () => {
  it("is one statement for a SCIM create, and the member it answers is the one stored", async () => {
    const { team, token } = await teamWithToken(db, "one-write");
    const scim = scimClient(db, token);
    const { result, sent } = await statementsOf(() => scim("POST", "/Users", { body: oktaUser("ada@one-write.test", { title: "Engineer" }) }));
    assert.equal(result.status, 201, JSON.stringify(result.body));
    // The token's, then the create's.
    assert.equal(sent.length, 2, sent.join("\n"));
    assert.match(sent[0]!, /FROM "ScimToken"/);
    const stored = await readBack(result.body.id);
    assert.equal(stored.teamId, team.id);
    assert.equal(stored.title, "Engineer");
    assert.equal(result.body.meta.created, stored.createdAt.toISOString());
    assert.equal(result.body.meta.version, `W/"${stored.version}"`);
    assert.deepEqual((await auditOf(team.id, stored.id)).map((e) => e.action), ["member.added"]);
  });

  it("writes and answers what the transaction writes for someone who already exists, in a +14 h zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    try {
      const [first, second] = [await createTeam(db), await createTeam(db)];
      const input = {
        role: "ADMIN" as const,
        source: "SCIM" as const,
        status: "DEACTIVATED" as const,
        externalId: "ext-1",
        givenName: "Grace",
        profileLists: { emails: [{ value: "grace@both.test", primary: true }], phoneNumbers: [{ value: "+1 555", type: "work" }] },
      };
      const actor = { type: "user" as const, userId: (await createMember(db, first.id)).userId, label: "admin@both.test", mayManageOwners: true };
      const fresh = await statementsOf(() => addMember(db, { ...input, teamId: first.id, email: "grace@both.test" }, actor));
      assert.equal(fresh.sent.length, 1, fresh.sent.join("\n"));
      // The same person into a second team is the transaction's case.
      const existing = await statementsOf(() => addMember(db, { ...input, teamId: second.id, email: "grace@both.test" }, actor));
      assert.ok(existing.sent.length > 1);
      assert.equal(existing.result.userId, fresh.result.userId);

      for (const added of [fresh.result, existing.result]) assert.deepEqual(added, await readBack(added.id));
      const shape = ({ id, teamId, userId, email, emailNormalized, createdAt, updatedAt, deactivatedAt, user, ...rest }: Awaited<ReturnType<typeof readBack>>) => ({
        ...rest,
        // Written as UTC: read back in this zone, each is within a minute of now.
        timesAreNow: [createdAt, updatedAt, deactivatedAt!].every((t) => Math.abs(Date.now() - t.getTime()) < 60_000),
        userKeys: Object.keys(user).sort(),
      });
      assert.deepEqual(shape(fresh.result), shape(existing.result));
      assert.deepEqual(await auditOf(first.id, fresh.result.id), await auditOf(second.id, existing.result.id));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("leaves every other case to the transaction, which answers it as before", async () => {
    const { team, token } = await teamWithToken(db, "not-one", { mayManageOwners: false });
    const scim = scimClient(db, token);
    assert.equal((await scim("POST", "/Users", { body: oktaUser("taken@not-one.test") })).status, 201);
    // A userName the team has: the statement undoes itself, and the transaction answers 409.
    const duplicate = await scim("POST", "/Users", { body: oktaUser("TAKEN@not-one.test", { emails: [{ value: "other@not-one.test", primary: true }] }) });
    assert.equal(duplicate.status, 409);
    assert.equal(await db.user.count({ where: { emailNormalized: "other@not-one.test" } }), 0);
    // A token that may not grant Owner, on a team whose default role is Owner.
    await db.team.update({ where: { id: team.id }, data: { defaultRole: "OWNER" } });
    const owner = await scim("POST", "/Users", { body: oktaUser("owner@not-one.test") });
    assert.equal(owner.status, 403);
    assert.equal(await db.user.count({ where: { emailNormalized: "owner@not-one.test" } }), 0);
    await db.team.update({ where: { id: team.id }, data: { defaultRole: "MEMBER" } });
    // Not an address: a directory-only person.
    const notAnAddress = await addMember(db, { teamId: team.id, email: "not-an-address", source: "SCIM" }, testActor);
    assert.equal(notAnAddress.user.emailNormalized, null);
    assert.equal(await db.membership.count({ where: { teamId: team.id } }), 2);
  });
});

describe("updating a member", () => {
  it("is one statement after the token's for a SCIM PATCH deactivate, and the member it answers is the one stored", async () => {
    const { team, token } = await teamWithToken(db, "one-update");
    const scim = scimClient(db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("ada@one-update.test") });
    const deactivate = { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] };
    const { result, sent } = await statementsOf(() => scim("PATCH", `/Users/${created.body.id}`, { body: deactivate }));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.active, false);
    // The token's, which read the member and its groups (scim-server/user-by-id.ts), then the write: no transaction.
    assert.equal(sent.length, 2, sent.join("\n"));
    assert.ok(!sent.some((q) => /COMMIT|BEGIN/.test(q)), sent.join("\n"));
    const stored = await readBack(created.body.id);
    assert.equal(stored.status, "DEACTIVATED");
    assert.equal(result.body.meta.version, `W/"${stored.version}"`);
    assert.equal(result.body.meta.lastModified, stored.updatedAt.toISOString());
    assert.deepEqual((await auditOf(team.id, stored.id)).map((e) => e.action).sort(), ["member.added", "member.deactivated"]);
    assert.equal(await db.teamAccessRevocation.count({ where: { teamId: team.id, userId: stored.userId } }), 1);
  });

  it("writes and answers what the transaction writes, in a +14 h zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    try {
      const team = await createTeam(db);
      const [a, b] = [await createMember(db, team.id, { source: "MANUAL" }), await createMember(db, team.id, { source: "MANUAL" })];
      const okta = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: true };
      const changes = {
        role: "ADMIN" as const,
        roleSource: "SCIM" as const,
        status: "DEACTIVATED" as const,
        title: "Engineer",
        profileLists: { emails: [{ value: "x@x.test", primary: true }], phoneNumbers: [{ value: "+1 555", type: "work" }] },
      };
      const fast = await statementsOf(() => updateMember(db, { teamId: team.id, membershipId: a.id }, changes, okta));
      assert.equal(fast.sent.length, 2, fast.sent.join("\n"));
      // Under the team lock, as a caller's transaction does it.
      const locked = await db.$transaction(async (tx) => {
        const { lockTeam } = await import("./lock-team");
        const { updateMemberInTx } = await import("./update-member");
        await lockTeam(tx, team.id);
        return updateMemberInTx(tx, { teamId: team.id, membershipId: b.id }, changes, okta, {});
      });
      for (const outcome of [fast.result, locked]) {
        assert.equal(outcome.changed, true);
        assert.deepEqual(outcome.member, await readBack(outcome.member.id));
      }
      const shape = ({ id, userId, email, emailNormalized, userName, userNameNormalized, createdAt, updatedAt, deactivatedAt, user, ...rest }: Awaited<ReturnType<typeof readBack>>) => ({
        ...rest,
        timesAreNow: [updatedAt, deactivatedAt!].every((t) => Math.abs(Date.now() - t.getTime()) < 60_000),
      });
      assert.deepEqual(shape(fast.result.member), shape(locked.member));
      const audit = async (id: string) => (await auditOf(team.id, id)).map(({ targetLabel, ...e }) => e).sort((x, y) => x.action.localeCompare(y.action));
      assert.deepEqual(await audit(a.id), await audit(b.id));
      // One change's events read newest first in the order they were decided (linked, profile,
      // role, status), however their ids fall.
      const timeline = (await memberTimeline(db, { teamId: team.id, memberId: a.id })).filter((e) => e.kind === "event").map((e) => e.kind === "event" && e.action);
      assert.deepEqual(timeline, ["member.deactivated", "member.role_changed", "member.profile_updated", "member.linked_to_scim", "member.added"]);
      // Nothing to change: no write at all, and the member as it is.
      const again = await statementsOf(() => updateMember(db, { teamId: team.id, membershipId: a.id }, changes, okta));
      assert.equal(again.result.changed, false);
      assert.equal(again.sent.length, 1, again.sent.join("\n"));
      assert.deepEqual(again.result.member, await readBack(a.id));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("writes text the statement's JSON cannot carry as the transaction does", async () => {
    const team = await createTeam(db);
    const member = await createMember(db, team.id, { source: "MANUAL" });
    // An unpaired surrogate (a SAML attribute, say): invalid in JSON, written as U+FFFD as text.
    const { member: updated } = await updateMember(db, { teamId: team.id, membershipId: member.id }, { displayName: "bad\ud800name" }, { type: "saml", label: "SAML" });
    assert.equal(updated.displayName, "bad\ufffdname");
    assert.equal((await readBack(member.id)).displayName, "bad\ufffdname");
  });
});

describe("a member carries no password hash", () => {
  it("whichever path added, changed or read them: the statement's, the transaction's, the reads", async () => {
    const [first, second] = [await createTeam(db), await createTeam(db)];
    const passwordHash = "stored-hash-of-a-password";
    // A person new to Gatehouse: the one statement; the same person into a second team: the transaction.
    const fresh = await addMember(db, { teamId: first.id, email: "hash@carrier.test", source: "MANUAL", passwordHash }, testActor);
    // Proved, the account keeps its password in the second team (lib/members/unproven-account.ts).
    await db.user.update({ where: { id: fresh.userId }, data: { emailVerifiedAt: new Date() } });
    const existing = await addMember(db, { teamId: second.id, email: "hash@carrier.test", source: "MANUAL" }, testActor);
    assert.equal((await db.user.findUniqueOrThrow({ where: { id: fresh.userId } })).passwordHash, passwordHash, "the account keeps it");
    // A change in the one statement, and one in a transaction.
    const { member: changed } = await updateMember(db, { teamId: first.id, membershipId: fresh.id }, { displayName: "Hash Carrier" }, testActor);
    const { member: changedInTx } = await db.$transaction(async (tx) => {
      await lockTeam(tx, second.id);
      return updateMemberInTx(tx, { teamId: second.id, membershipId: existing.id }, { displayName: "Hash Carrier" }, testActor, {});
    });
    const read = [await getMember(db, first.id, fresh.id), (await listMembers(db, { teamId: first.id })).members[0]];
    for (const [path, member] of Object.entries({ fresh, existing, changed, changedInTx, read: read[0], listed: read[1] })) {
      assert.ok(member, path);
      assert.equal(member.user.email, "hash@carrier.test", path);
      assert.equal("passwordHash" in member.user, false, `${path} carries no password hash`);
    }
  });
});
