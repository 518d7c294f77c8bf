import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam } from "../testing/factories";
import { deactivateMember } from "./lifecycle";
import { removeMember } from "./remove-member";
import { LastOwnerError, MemberNotFoundError, OwnerAuthorityError } from "./errors";
import { transferOwnership } from "./transfer-ownership";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

const person = (userId: string, mayManageOwners: boolean) => ({ type: "user" as const, userId, label: "p@example.test", mayManageOwners });

async function seedTeam() {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { role: "OWNER" });
  const admin = await createMember(t.db, team.id, { role: "ADMIN" });
  const member = await createMember(t.db, team.id, { role: "MEMBER" });
  return { team, owner, admin, member };
}

const roleOf = async (id: string) => (await t.db.membership.findUniqueOrThrow({ where: { id } })).role;

describe("ownership transfer", () => {
  it("makes the member the owner and the previous owner an admin, in one audited step", async () => {
    const { team, owner, member } = await seedTeam();
    await transferOwnership(t.db, { teamId: team.id, fromMembershipId: owner.id, toMembershipId: member.id }, person(owner.userId, true));
    assert.equal(await roleOf(member.id), "OWNER");
    assert.equal(await roleOf(owner.id), "ADMIN");
    const actions = (await t.db.auditEvent.findMany({ where: { teamId: team.id, action: { in: ["member.role_changed", "member.ownership_transferred"] } } })).map((e) => e.action);
    assert.deepEqual(actions.sort(), ["member.ownership_transferred", "member.role_changed", "member.role_changed"]);
  });

  it("is refused for non-owners, deactivated targets, oneself and members of another team", async () => {
    const { team, owner, admin, member } = await seedTeam();
    await assert.rejects(transferOwnership(t.db, { teamId: team.id, fromMembershipId: admin.id, toMembershipId: member.id }, person(admin.userId, false)), OwnerAuthorityError);
    await deactivateMember(t.db, { teamId: team.id, membershipId: member.id }, person(owner.userId, true));
    await assert.rejects(transferOwnership(t.db, { teamId: team.id, fromMembershipId: owner.id, toMembershipId: member.id }, person(owner.userId, true)), /deactivated/);
    await assert.rejects(transferOwnership(t.db, { teamId: team.id, fromMembershipId: owner.id, toMembershipId: owner.id }, person(owner.userId, true)), /another member/);
    const elsewhere = await seedTeam();
    await assert.rejects(
      transferOwnership(t.db, { teamId: team.id, fromMembershipId: owner.id, toMembershipId: elsewhere.member.id }, person(owner.userId, true)),
      MemberNotFoundError,
    );
    assert.equal(await roleOf(owner.id), "OWNER");
    assert.equal(await roleOf(elsewhere.member.id), "MEMBER");
  });

  it("keeps the last owner from leaving", async () => {
    const { team, owner } = await seedTeam();
    await assert.rejects(removeMember(t.db, { teamId: team.id, membershipId: owner.id }, person(owner.userId, true)), LastOwnerError);
  });
});
