import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { addMember } from "./add-member";
import { updateMember } from "./update-member";
import { changeRole, deactivateMember, reactivateMember } from "./lifecycle";
import { removeMember } from "./remove-member";
import { recordSignIn } from "./record-sign-in";
import { DuplicateMemberError, LastOwnerError, MemberNotFoundError, ScimManagedError, VersionMismatchError } from "./errors";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

const userActor = (userId: string) => ({ type: "user" as const, userId, label: "owner@example.test", mayManageOwners: true });

describe("membership lifecycle", () => {
  it("adds a member with the team's default role and audits it", async () => {
    const team = await createTeam(t.db);
    const m = await addMember(t.db, { teamId: team.id, email: "New.Person@Example.test", source: "SCIM" }, testActor);
    assert.equal(m.role, "MEMBER");
    assert.equal(m.status, "ACTIVE");
    assert.equal(m.userName, "New.Person@Example.test");
    assert.equal(m.user.emailNormalized, "new.person@example.test");
    const events = await t.db.auditEvent.findMany({ where: { teamId: team.id } });
    assert.deepEqual(events.map((e) => e.action), ["member.added"]);
  });

  it("refuses a second member with the same userName in any case, and writes nothing", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { email: "dup@example.test" });
    await assert.rejects(createMember(t.db, team.id, { email: "other@example.test", userName: "DUP@example.test" }), DuplicateMemberError);
    await assert.rejects(createMember(t.db, team.id, { email: "DUP@EXAMPLE.TEST" }), DuplicateMemberError);
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 1);
    assert.equal(await t.db.user.count({ where: { emailNormalized: "other@example.test" } }), 0);
  });

  it("gives a second SCIM user with the same email, or a non-address, a directory-only person", async () => {
    const team = await createTeam(t.db);
    const first = await createMember(t.db, team.id, { email: "same@example.test", userName: "first" });
    const second = await createMember(t.db, team.id, { email: "Same@example.test", userName: "second" });
    assert.notEqual(second.userId, first.userId);
    assert.equal(second.user.emailNormalized, null);
    assert.equal(second.email, "Same@example.test");
    const odd = await createMember(t.db, team.id, { email: "emailName357", userName: "odd" });
    assert.equal(odd.user.emailNormalized, null);
  });

  it("moves the sign-in email with an IdP email change only when no one else depends on it", async () => {
    const team = await createTeam(t.db);
    const other = await createTeam(t.db);
    const solo = await createMember(t.db, team.id, { email: "solo@example.test" });
    const moved = await updateMember(t.db, { teamId: team.id, membershipId: solo.id }, { email: "solo.new@example.test" }, testActor);
    assert.equal(moved.member.email, "solo.new@example.test");
    assert.equal(moved.member.user.emailNormalized, "solo.new@example.test");

    const shared = await createMember(t.db, team.id, { email: "shared2@example.test" });
    await createMember(t.db, other.id, { email: "shared2@example.test" });
    const kept = await updateMember(t.db, { teamId: team.id, membershipId: shared.id }, { email: "renamed@example.test" }, testActor);
    assert.equal(kept.member.email, "renamed@example.test");
    assert.equal(kept.member.user.emailNormalized, "shared2@example.test", "an account two teams share keeps its address");
  });

  it("links one person to two teams with separate memberships", async () => {
    const a = await createTeam(t.db);
    const b = await createTeam(t.db);
    const inA = await createMember(t.db, a.id, { email: "shared@example.test" });
    const inB = await createMember(t.db, b.id, { email: "Shared@example.test" });
    assert.equal(inA.userId, inB.userId);
    assert.notEqual(inA.id, inB.id);
  });

  it("keeps the role through deactivation and restores it on reactivation", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    const admin = await createMember(t.db, team.id, { role: "ADMIN" });
    const target = { teamId: team.id, membershipId: admin.id };
    const off = await deactivateMember(t.db, target, testActor);
    assert.equal(off.member.status, "DEACTIVATED");
    assert.ok(off.member.deactivatedAt);
    const on = await reactivateMember(t.db, target, testActor);
    assert.equal(on.member.status, "ACTIVE");
    assert.equal(on.member.role, "ADMIN");
    assert.equal(on.member.deactivatedAt, null);
    const actions = (await t.db.auditEvent.findMany({ where: { targetId: admin.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    assert.deepEqual(actions, ["member.added", "member.deactivated", "member.reactivated"]);
  });

  it("never leaves a team without an active owner", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { role: "OWNER" });
    const target = { teamId: team.id, membershipId: owner.id };
    await assert.rejects(changeRole(t.db, target, "ADMIN", testActor), LastOwnerError);
    await assert.rejects(deactivateMember(t.db, target, testActor), LastOwnerError);
    await assert.rejects(removeMember(t.db, target, testActor), LastOwnerError);
    const still = await t.db.membership.findUniqueOrThrow({ where: { id: owner.id } });
    assert.equal(still.role, "OWNER");
    assert.equal(still.status, "ACTIVE");

    const second = await createMember(t.db, team.id, { role: "OWNER" });
    await changeRole(t.db, target, "ADMIN", testActor);
    await assert.rejects(deactivateMember(t.db, { teamId: team.id, membershipId: second.id }, testActor), LastOwnerError);
  });

  it("applies a profile update without touching the role, and reports no-ops as unchanged", async () => {
    const team = await createTeam(t.db);
    const m = await createMember(t.db, team.id, { role: "ADMIN", givenName: "Ann" });
    const target = { teamId: team.id, membershipId: m.id };
    const first = await updateMember(t.db, target, { givenName: "Anna", familyName: "Lee" }, testActor);
    assert.equal(first.changed, true);
    assert.equal(first.member.role, "ADMIN");
    assert.equal(first.member.givenName, "Anna");
    assert.equal(first.member.version, m.version + 1);
    const again = await updateMember(t.db, target, { givenName: "Anna" }, testActor);
    assert.equal(again.changed, false);
    assert.equal(again.member.version, first.member.version);
  });

  it("rolls back every part of a change when one part is refused", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { role: "OWNER", givenName: "Olga" });
    await assert.rejects(
      updateMember(t.db, { teamId: team.id, membershipId: owner.id }, { givenName: "Changed", status: "DEACTIVATED" }, testActor),
      LastOwnerError,
    );
    const after = await t.db.membership.findUniqueOrThrow({ where: { id: owner.id } });
    assert.equal(after.givenName, "Olga");
  });

  it("honours If-Match versions", async () => {
    const team = await createTeam(t.db);
    const m = await createMember(t.db, team.id);
    const target = { teamId: team.id, membershipId: m.id };
    await assert.rejects(updateMember(t.db, target, { displayName: "X" }, testActor, { expectedVersion: m.version + 5 }), VersionMismatchError);
    const ok = await updateMember(t.db, target, { displayName: "X" }, testActor, { expectedVersion: m.version });
    assert.equal(ok.member.displayName, "X");
  });

  it("refuses UI edits to what the IdP manages for SCIM members, but allows role changes", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { role: "OWNER" });
    const scim = await createMember(t.db, team.id, { source: "SCIM" });
    const target = { teamId: team.id, membershipId: scim.id };
    await assert.rejects(deactivateMember(t.db, target, userActor(owner.userId)), ScimManagedError);
    await assert.rejects(updateMember(t.db, target, { givenName: "Local" }, userActor(owner.userId)), ScimManagedError);
    const r = await changeRole(t.db, target, "ADMIN", userActor(owner.userId));
    assert.equal(r.member.role, "ADMIN");
  });

  it("locks a role the IdP decided against UI edits, but lets the IdP change it", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { role: "OWNER" });
    const m = await createMember(t.db, team.id, { source: "SCIM" });
    const target = { teamId: team.id, membershipId: m.id };
    const set = await updateMember(t.db, target, { role: "ADMIN", roleSource: "SCIM" }, testActor);
    assert.equal(set.member.roleSource, "SCIM");
    await assert.rejects(changeRole(t.db, target, "MEMBER", userActor(owner.userId)), ScimManagedError);
    const byIdp = await updateMember(t.db, target, { role: "MEMBER", roleSource: "SCIM" }, testActor);
    assert.equal(byIdp.member.role, "MEMBER");
  });

  it("records a SAML sign-in only in its own team", async () => {
    const a = await createTeam(t.db);
    const b = await createTeam(t.db);
    const inA = await createMember(t.db, a.id, { email: "two-teams@example.test" });
    const inB = await createMember(t.db, b.id, { email: "two-teams@example.test" });
    await recordSignIn(t.db, inA.userId, "saml", { teamId: a.id });
    const stamped = async (id: string) => (await t.db.membership.findUniqueOrThrow({ where: { id } })).lastLoginAt;
    assert.ok(await stamped(inA.id));
    assert.equal(await stamped(inB.id), null);
    assert.equal(await t.db.auditEvent.count({ where: { teamId: b.id, action: "member.login" } }), 0);
  });

  it("keeps teams apart: a member id from one team is not found through another", async () => {
    const a = await createTeam(t.db);
    const b = await createTeam(t.db);
    const m = await createMember(t.db, a.id);
    await assert.rejects(changeRole(t.db, { teamId: b.id, membershipId: m.id }, "ADMIN", testActor), MemberNotFoundError);
    await assert.rejects(removeMember(t.db, { teamId: b.id, membershipId: m.id }, testActor), MemberNotFoundError);
  });

  it("removes a membership but keeps the person's account", async () => {
    const team = await createTeam(t.db);
    const m = await createMember(t.db, team.id);
    await removeMember(t.db, { teamId: team.id, membershipId: m.id }, testActor);
    assert.equal(await t.db.membership.count({ where: { id: m.id } }), 0);
    assert.equal(await t.db.user.count({ where: { id: m.userId } }), 1);
  });

  it("creates exactly one member when the same userName is added concurrently", async () => {
    const team = await createTeam(t.db);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => createMember(t.db, team.id, { email: "race@example.test" })),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    for (const r of results) if (r.status === "rejected") assert.ok(r.reason instanceof DuplicateMemberError, String(r.reason));
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 1);
  });

  it("provisions one new address into eight teams at once as one person, a member of each", async () => {
    // On PostgreSQL each INSERT of the person but the first waits for the first to commit and
    // then finds a row its own statement's snapshot cannot see: the person is read afterwards.
    const teams = await Promise.all(Array.from({ length: 8 }, () => createTeam(t.db)));
    const members = await Promise.all(teams.map((team) => createMember(t.db, team.id, { email: "Everywhere@example.test" })));
    assert.equal(new Set(members.map((m) => m.userId)).size, 1);
    assert.ok(members.every((m) => m.user.emailNormalized === "everywhere@example.test"));
    assert.equal(await t.db.user.count({ where: { emailNormalized: "everywhere@example.test" } }), 1);
  });
});
