import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { DuplicateGroupError, InvalidMemberInputError, OwnerAuthorityError } from "../members/errors";
import { updateMember } from "../members/update-member";
import { createGroup } from "./create-group";
import { updateGroup } from "./update-group";
import { deleteGroup } from "./delete-group";
import { setGroupRole } from "./set-group-role";
import { listGroupMembers } from "./list-group-members";
import { previewGroupRole } from "./preview-group-role";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const roleOf = async (id: string) => (await t.db.membership.findUniqueOrThrow({ where: { id } })).role;

describe("groups", () => {
  it("creates a group with members and refuses a second one of the same name in any case", async () => {
    const team = await createTeam(t.db);
    const a = await createMember(t.db, team.id);
    const g = await createGroup(t.db, { teamId: team.id, displayName: "Engineering", memberIds: [a.id] }, testActor);
    assert.deepEqual(g.members.map((m) => m.membershipId), [a.id]);
    await assert.rejects(createGroup(t.db, { teamId: team.id, displayName: "engineering" }, testActor), DuplicateGroupError);
  });

  it("refuses members from another team and writes nothing", async () => {
    const team = await createTeam(t.db);
    const other = await createTeam(t.db);
    const stranger = await createMember(t.db, other.id);
    await assert.rejects(createGroup(t.db, { teamId: team.id, displayName: "G", memberIds: [stranger.id] }, testActor), InvalidMemberInputError);
    assert.equal(await t.db.group.count({ where: { teamId: team.id } }), 0);
  });

  it("sets members and renames, reporting unchanged updates as such", async () => {
    const team = await createTeam(t.db);
    const [a, b] = [await createMember(t.db, team.id), await createMember(t.db, team.id)];
    const g = await createGroup(t.db, { teamId: team.id, displayName: "Ops", memberIds: [a.id] }, testActor);
    const r = await updateGroup(t.db, { teamId: team.id, groupId: g.id }, { displayName: "Operations", memberIds: [b.id] }, testActor);
    assert.equal(r.changed, true);
    assert.equal(r.group.displayName, "Operations");
    assert.deepEqual(r.group.members.map((m) => m.membershipId), [b.id]);
    const again = await updateGroup(t.db, { teamId: team.id, groupId: g.id }, { displayName: "Operations", memberIds: [b.id] }, testActor);
    assert.equal(again.changed, false);
    assert.equal(again.group.version, r.group.version);
  });

  it("grants a mapped role to members, and takes it back when they leave", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    const m = await createMember(t.db, team.id, { role: undefined });
    const g = await createGroup(t.db, { teamId: team.id, displayName: "Admins", memberIds: [m.id] }, testActor);
    await setGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "ADMIN" }, testActor);
    assert.equal(await roleOf(m.id), "ADMIN");
    await updateGroup(t.db, { teamId: team.id, groupId: g.id }, { memberIds: [] }, testActor);
    assert.equal(await roleOf(m.id), "MEMBER");
  });

  it("lets the IdP's explicit role attribute win over a mapped group", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    const m = await createMember(t.db, team.id);
    await updateMember(t.db, { teamId: team.id, membershipId: m.id }, { role: "MEMBER", roleSource: "SCIM" }, testActor);
    const g = await createGroup(t.db, { teamId: team.id, displayName: "Admins", memberIds: [m.id] }, testActor);
    await setGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "ADMIN" }, testActor);
    assert.equal(await roleOf(m.id), "MEMBER");
  });

  it("reverts roles a deleted group granted, but never demotes the last owner", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { role: "OWNER" });
    const m = await createMember(t.db, team.id);
    const g = await createGroup(t.db, { teamId: team.id, displayName: "Leads", memberIds: [m.id, owner.id] }, testActor);
    await setGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "ADMIN" }, testActor);
    assert.equal(await roleOf(m.id), "ADMIN");
    assert.equal(await roleOf(owner.id), "OWNER", "the only owner keeps the role");
    await deleteGroup(t.db, { teamId: team.id, groupId: g.id }, testActor);
    assert.equal(await roleOf(m.id), "MEMBER");
  });
});

describe("group members and mapping preview", () => {
  it("lists a group's members and previews how many roles a mapping would change, changing nothing", async () => {
    const team = await createTeam(t.db);
    const a = await createMember(t.db, team.id, { email: "a@preview.test" });
    const b = await createMember(t.db, team.id, { email: "b@preview.test", role: "ADMIN" });
    const c = await createMember(t.db, team.id, { email: "c@preview.test" });
    const g = await createGroup(t.db, { teamId: team.id, displayName: "Admins", memberIds: [c.id, a.id, b.id] }, testActor);

    const list = await listGroupMembers(t.db, { teamId: team.id, groupId: g.id });
    assert.deepEqual(list?.members.map((m) => m.email), ["a@preview.test", "b@preview.test", "c@preview.test"]);
    assert.equal(await listGroupMembers(t.db, { teamId: (await createTeam(t.db)).id, groupId: g.id }), null);

    const preview = await previewGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "ADMIN" }, testActor);
    assert.equal(preview.total, 2);
    assert.deepEqual(preview.changes, [{ from: "MEMBER", to: "ADMIN", count: 2 }]);
    assert.equal(await roleOf(a.id), "MEMBER");

    // The preview says what the save then does.
    await setGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "ADMIN" }, testActor);
    assert.deepEqual([await roleOf(a.id), await roleOf(c.id)], ["ADMIN", "ADMIN"]);
    // b's Admin role is now the group's too, so removing the mapping sends all three to the default.
    const back = await previewGroupRole(t.db, { teamId: team.id, groupId: g.id, role: null }, testActor);
    assert.deepEqual(back.changes, [{ from: "ADMIN", to: "MEMBER", count: 3 }]);
  });

  it("tells an admin which changes saving will refuse: an owner's role is for owners to change", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { email: "owner@refused-preview.test", role: "OWNER" });
    await createMember(t.db, team.id, { email: "owner2@refused-preview.test", role: "OWNER" });
    const admin = await createMember(t.db, team.id, { email: "admin@refused-preview.test", role: "ADMIN" });
    const member = await createMember(t.db, team.id, { email: "m@refused-preview.test", role: "ADMIN" });
    const g = await createGroup(t.db, { teamId: team.id, displayName: "Everyone", memberIds: [owner.id, member.id] }, testActor);
    const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false };
    const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };

    const preview = await previewGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "MEMBER" }, asAdmin);
    assert.equal(preview.total, 2);
    assert.deepEqual(preview.refused, [{ from: "OWNER", to: "MEMBER", count: 1 }]);
    // The preview's word holds: the save is refused, and changes nothing.
    await assert.rejects(setGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "MEMBER" }, asAdmin), OwnerAuthorityError);
    assert.deepEqual([await roleOf(owner.id), await roleOf(member.id)], ["OWNER", "ADMIN"]);

    assert.deepEqual((await previewGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "MEMBER" }, asOwner)).refused, []);
    assert.deepEqual((await previewGroupRole(t.db, { teamId: team.id, groupId: g.id, role: "ADMIN" }, asAdmin)).refused, [{ from: "OWNER", to: "ADMIN", count: 1 }]);
  });
});
