import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam } from "../testing/factories";
import { deactivateMember } from "./lifecycle";
import { removeMember } from "./remove-member";
import { LastOwnerError, MemberNotFoundError, OwnerAuthorityError } from "./errors";
import { transferOwnership, transferOwnershipToEmail } from "./transfer-ownership";
import { createScimToken } from "../scim-tokens/create-token";
import { PATCH_SCHEMA, scimClient } from "../testing/scim-harness";

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

  // The settings page names the new owner by address. A member's address in the team's directory
  // is what the IdP says (any token an admin makes may say it), and need not be their own: an
  // admin can give their own membership the address of the person the owner means to promote.
  it("by address: hands the Owner role to the person whose address it is, never to a member the IdP gave the same address", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { email: "owner@transfer.test", role: "OWNER" });
    const mallory = await createMember(t.db, team.id, { email: "mallory@evil.test", role: "ADMIN" });
    const alice = await createMember(t.db, team.id, { email: "alice@transfer.test", role: "MEMBER" });
    const token = await createScimToken(t.db, { teamId: team.id, name: "Mallory's", mayManageOwners: false }, person(mallory.userId, false));
    const scim = scimClient(t.db, token.secret);
    const patched = await scim("PATCH", `/Users/${mallory.id}`, {
      body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "emails", value: [{ value: "Alice@transfer.test", primary: true, type: "work" }] }] },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    // Alice signs in (her row is stamped, as any write of it would).
    await t.db.membership.update({ where: { id: alice.id }, data: { lastLoginAt: new Date() } });
    // Her sign-in address unproved, it is no more hers than the directory's is Mallory's: refused.
    await assert.rejects(
      transferOwnershipToEmail(t.db, { teamId: team.id, fromMembershipId: owner.id, toEmail: "alice@transfer.test" }, person(owner.userId, true)),
      /more than one member/i,
    );
    assert.deepEqual([await roleOf(mallory.id), await roleOf(alice.id)], ["ADMIN", "MEMBER"]);
    // She proves it (a mailed link, an accepted invitation, her IdP's sign-in): hers.
    await t.db.user.update({ where: { id: alice.userId }, data: { emailVerifiedAt: new Date() } });

    const { email } = await transferOwnershipToEmail(t.db, { teamId: team.id, fromMembershipId: owner.id, toEmail: "alice@transfer.test" }, person(owner.userId, true));
    assert.equal(await roleOf(mallory.id), "ADMIN", "not the admin who took the address in the directory");
    assert.equal(await roleOf(alice.id), "OWNER", "the person who holds the address");
    assert.equal(email, "alice@transfer.test");
  });

  it("by address: refuses an address several members have in the directory and none signs in with", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { email: "owner@ambiguous.test", role: "OWNER" });
    const one = await createMember(t.db, team.id, { email: "one@ambiguous.test" });
    const two = await createMember(t.db, team.id, { email: "two@ambiguous.test" });
    for (const m of [one, two]) await t.db.membership.update({ where: { id: m.id }, data: { email: "shared@ambiguous.test", emailNormalized: "shared@ambiguous.test" } });
    await assert.rejects(
      transferOwnershipToEmail(t.db, { teamId: team.id, fromMembershipId: owner.id, toEmail: "shared@ambiguous.test" }, person(owner.userId, true)),
      /more than one member/i,
    );
    assert.deepEqual([await roleOf(owner.id), await roleOf(one.id), await roleOf(two.id)], ["OWNER", "MEMBER", "MEMBER"]);
  });
  // Alice is in two teams, so when her IdP renamed her address only the directory took it; her
  // sign-in address stayed the old one. An admin in this team alone moves their own sign-in address
  // to Alice's new one through their token (nobody's account holds it): they now "sign in with it".
  it("by address: never to an admin whose token moved their own sign-in address onto the address", async () => {
    const team = await createTeam(t.db);
    const elsewhere = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { email: "owner@renamed.test", role: "OWNER" });
    const mallory = await createMember(t.db, team.id, { email: "mallory@renamed.test", role: "ADMIN" });
    const alice = await createMember(t.db, team.id, { email: "alice.smith@renamed.test", role: "MEMBER" });
    await createMember(t.db, elsewhere.id, { email: "alice.smith@renamed.test" });
    const token = await createScimToken(t.db, { teamId: team.id, name: "Mallory's", mayManageOwners: false }, person(mallory.userId, false));
    const scim = scimClient(t.db, token.secret);
    const rename = (id: string, to: string) =>
      scim("PATCH", `/Users/${id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "emails", value: [{ value: to, primary: true, type: "work" }] }] } });
    assert.equal((await rename(alice.id, "alice.jones@renamed.test")).status, 200);
    assert.equal((await rename(mallory.id, "alice.jones@renamed.test")).status, 200);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: mallory.userId } })).email, "alice.jones@renamed.test", "the admin's sign-in address moved");

    await assert.rejects(
      transferOwnershipToEmail(t.db, { teamId: team.id, fromMembershipId: owner.id, toEmail: "alice.jones@renamed.test" }, person(owner.userId, true)),
      /more than one member/i,
    );
    assert.deepEqual([await roleOf(mallory.id), await roleOf(alice.id), await roleOf(owner.id)], ["ADMIN", "MEMBER", "OWNER"], "the admin did not become owner");
  });
});
