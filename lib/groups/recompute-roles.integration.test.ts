// A role-mapped group's members get their roles re-derived under the team's write lock, in the
// group write's transaction (recompute-roles.ts). Found by a review: that took three statements
// per member, so Okta pushing 3,000 people into a group mapped to Admin ran past the 30 s
// transaction timeout on the embedded database (a 500, retried by Okta for ever) and took 17 s on
// PostgreSQL, every other write of the team waiting all along; mapping a 3,000-member group took
// 13–19 s. The statements must not grow with the group, and what they write must be what one
// member's update writes: the role, its source, the version, and one audit event each.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createMember, createTeam, testActor } from "../testing/factories";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { createGroup } from "./create-group";
import { setGroupRole } from "./set-group-role";
import { updateGroup } from "./update-group";
import { deleteGroup } from "./delete-group";
import { OwnerAuthorityError } from "../members/errors";

let db: StatementLog["db"];
let statementsOf: StatementLog["statementsOf"];
useStatementLog({}, (log) => ({ db, statementsOf } = log));

async function teamWith(count: number) {
  const team = await createTeam(db);
  const owner = await createMember(db, team.id, { role: "OWNER" });
  const members: string[] = [];
  for (let i = 0; i < count; i++) members.push((await createMember(db, team.id)).id);
  return { team, owner, members };
}

const roleChanges = (teamId: string) => db.auditEvent.count({ where: { teamId, action: "member.role_changed" } });

describe("re-deriving a role-mapped group's members' roles", () => {
  it("takes as many statements for 60 members as for 3, mapping, joining, leaving and deleting", async () => {
    const counts: Record<string, number[]> = {};
    for (const size of [3, 60]) {
      const { team, members } = await teamWith(size);
      const group = await createGroup(db, { teamId: team.id, displayName: "Everyone", memberIds: members }, testActor);
      const count = async (what: string, run: () => Promise<unknown>) => {
        const { sent } = await statementsOf(run);
        (counts[what] ??= []).push(sent.length);
      };
      await count("map", () => setGroupRole(db, { teamId: team.id, groupId: group.id, role: "ADMIN" }, testActor));
      const rows = await db.membership.findMany({ where: { id: { in: members } } });
      assert.ok(rows.every((m) => m.role === "ADMIN" && m.roleSource === "GROUP" && m.version === 3), "mapped: Admin from the group, version moved once more");
      assert.equal(await roleChanges(team.id), size, "one audit event per member");
      const audit = await db.auditEvent.findFirstOrThrow({ where: { teamId: team.id, action: "member.role_changed" } });
      assert.deepEqual(audit.details, { from: "MEMBER", to: "ADMIN" });
      assert.equal(audit.targetType, "member");
      assert.ok(members.includes(audit.targetId!));

      await count("leave", () => updateGroup(db, { teamId: team.id, groupId: group.id }, { memberIds: [] }, testActor));
      assert.ok((await db.membership.findMany({ where: { id: { in: members } } })).every((m) => m.role === "MEMBER" && m.roleSource === "DEFAULT"));
      await count("join", () => updateGroup(db, { teamId: team.id, groupId: group.id }, { memberIds: members }, testActor));
      assert.ok((await db.membership.findMany({ where: { id: { in: members } } })).every((m) => m.role === "ADMIN"));
      await count("delete", () => deleteGroup(db, { teamId: team.id, groupId: group.id }, testActor));
      assert.ok((await db.membership.findMany({ where: { id: { in: members } } })).every((m) => m.role === "MEMBER"));
      assert.equal(await roleChanges(team.id), size * 4);
    }
    for (const [what, [small, big]] of Object.entries(counts)) assert.equal(big, small, `${what}: ${small} statements for 3 members, ${big} for 60`);
  });

  it("still takes an owner one at a time: the last owner stays, another is demoted", async () => {
    const { team, owner, members } = await teamWith(2);
    const second = await createMember(db, team.id, { role: "OWNER" });
    const group = await createGroup(db, { teamId: team.id, displayName: "Staff", memberIds: [owner.id, second.id, ...members] }, testActor);
    await setGroupRole(db, { teamId: team.id, groupId: group.id, role: "ADMIN" }, testActor);
    const roles = await db.membership.findMany({ where: { teamId: team.id }, select: { id: true, role: true } });
    const owners = roles.filter((r) => r.role === "OWNER");
    assert.equal(owners.length, 1, "one owner is left: the invariant outranks the mapping");
    assert.equal(roles.filter((r) => r.role === "ADMIN").length, 3);
  });

  it("refuses, whole, a push by a token that may not touch owners that would demote one", async () => {
    const { team, owner, members } = await teamWith(30);
    await createMember(db, team.id, { role: "OWNER" });
    const group = await createGroup(db, { teamId: team.id, displayName: "Admins" }, testActor);
    await setGroupRole(db, { teamId: team.id, groupId: group.id, role: "ADMIN" }, testActor);
    const adminsToken = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: false };
    const before = await db.membership.findMany({ where: { teamId: team.id }, orderBy: { id: "asc" } });
    await assert.rejects(
      updateGroup(db, { teamId: team.id, groupId: group.id }, { memberIds: [...members, owner.id] }, adminsToken),
      OwnerAuthorityError,
    );
    assert.deepEqual(await db.membership.findMany({ where: { teamId: team.id }, orderBy: { id: "asc" } }), before, "nobody changed, not even the members before the owner");
    await updateGroup(db, { teamId: team.id, groupId: group.id }, { memberIds: members }, adminsToken);
    assert.ok((await db.membership.findMany({ where: { id: { in: members } } })).every((m) => m.role === "ADMIN"));
  });
});
