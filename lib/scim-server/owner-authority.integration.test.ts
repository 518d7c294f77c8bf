// A SCIM token acts with its creator's authority: one an admin created must not be a way around
// "only owners can grant or change the Owner role" (lib/members/owner-authority.ts).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, ROLE_EXT, scimClient, teamWithToken } from "../testing/scim-harness";
import { addMember } from "../members/add-member";
import { setGroupRole } from "../groups/set-group-role";
import { updateMember } from "../members/update-member";
import { removeMember } from "../members/remove-member";
import { createScimToken } from "../scim-tokens/create-token";
import { listScimTokens } from "../scim-tokens/list-tokens";
import { testActor } from "../testing/factories";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function adminTokenTeam(slug: string) {
  const { team, token } = await teamWithToken(t.db, slug, { mayManageOwners: false });
  const owner = await addMember(t.db, { teamId: team.id, email: `owner@${slug}.test`, role: "OWNER", source: "MANUAL" }, testActor);
  const second = await addMember(t.db, { teamId: team.id, email: `second@${slug}.test`, role: "OWNER", source: "MANUAL" }, testActor);
  return { team, owner, second, scim: scimClient(t.db, token) };
}

const patch = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });

describe("a SCIM token an admin created", () => {
  it("cannot create an owner or promote anyone to owner, and changes nothing trying", async () => {
    const { team, scim } = await adminTokenTeam("authority-grant");
    const created = await scim("POST", "/Users", { body: oktaUser("boss@example.com", { [ROLE_EXT]: { role: "owner" } }) });
    assert.equal(created.status, 403);
    assert.equal(created.body.status, "403");
    assert.match(created.body.detail, /SCIM token may not grant the Owner role/);
    assert.equal(await t.db.membership.count({ where: { teamId: team.id, userNameNormalized: "boss@example.com" } }), 0);

    const admin = await scim("POST", "/Users", { body: oktaUser("ops@example.com", { [ROLE_EXT]: { role: "admin" } }) });
    assert.equal(admin.status, 201, "admins and members are its to provision");
    // An existing userName is a 409 first, whatever the role: IdPs match the user on it.
    const again = await scim("POST", "/Users", { body: oktaUser("OPS@example.com", { [ROLE_EXT]: { role: "owner" } }) });
    assert.equal(again.status, 409);
    assert.equal(again.body.scimType, "uniqueness");
    const promote = await scim("PATCH", `/Users/${admin.body.id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "owner" }));
    assert.equal(promote.status, 403);
    assert.equal((await scim("GET", `/Users/${admin.body.id}`)).body[ROLE_EXT].role, "admin");
  });

  it("cannot demote, deactivate or remove an owner, but may keep their profile in sync", async () => {
    const { owner, scim } = await adminTokenTeam("authority-touch");
    assert.equal((await scim("PATCH", `/Users/${owner.id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "member" }))).status, 403);
    assert.equal((await scim("PATCH", `/Users/${owner.id}`, patch({ op: "replace", value: { active: false } }))).status, 403);
    assert.equal((await scim("DELETE", `/Users/${owner.id}`)).status, 403);

    const renamed = await scim("PATCH", `/Users/${owner.id}`, patch({ op: "replace", value: { "name.givenName": "Olive" } }));
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name.givenName, "Olive");
    // Okta's PUT resends the role it has; the same role is not a change.
    const put = await scim("PUT", `/Users/${owner.id}`, { body: oktaUser(owner.userName, { [ROLE_EXT]: { role: "owner" } }) });
    assert.equal(put.status, 200);
    const row = await t.db.membership.findUniqueOrThrow({ where: { id: owner.id } });
    assert.equal(row.role, "OWNER");
    assert.equal(row.status, "ACTIVE");
    assert.equal(row.roleSource, "MANUAL", "nor does it take the owner's role out of the admins' hands");
    assert.equal(row.source, "MANUAL", "nor lock the owner against the team's owners in the UI");
  });

  // The sign-in address is the owner's account: moved to an address the token's holder reads, a
  // password reset would hand them the owner's account. The team's directory still syncs.
  it("may sync an owner's email, but never moves the owner's sign-in address", async () => {
    const { owner, scim } = await adminTokenTeam("authority-email");
    const moved = await scim("PATCH", `/Users/${owner.id}`, patch({ op: "replace", path: "emails", value: [{ value: "attacker@evil.test", type: "work", primary: true }] }));
    assert.equal(moved.status, 200);
    assert.equal(moved.body.emails[0].value, "attacker@evil.test");
    const put = await scim("PUT", `/Users/${owner.id}`, { body: oktaUser(owner.userName, { emails: [{ value: "mallory@evil.test", primary: true }] }) });
    assert.equal(put.status, 200);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: owner.userId } });
    assert.equal(user.email, "owner@authority-email.test");
    assert.equal(await t.db.user.count({ where: { emailNormalized: { in: ["attacker@evil.test", "mallory@evil.test"] } } }), 0);
  });

  it("cannot push a member into a group an owner mapped to the Owner role", async () => {
    const { team, scim } = await adminTokenTeam("authority-group");
    const m = await scim("POST", "/Users", { body: oktaUser("climber@example.com") });
    const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Owners" } });
    await setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: "OWNER" }, testActor);
    const push = await scim("PATCH", `/Groups/${group.body.id}`, patch({ op: "add", path: "members", value: [{ value: m.body.id }] }));
    assert.equal(push.status, 403);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: m.body.id } })).role, "MEMBER");
    assert.equal(await t.db.groupMember.count({ where: { groupId: group.body.id } }), 0, "the whole PATCH is refused");
  });

  // A member whose role the IdP set keeps it whatever their groups say, so adding them changed no
  // role and was allowed; released later (an owner's token removing the role, as Entra does when
  // an app role is unassigned), the group made them an owner (found by review).
  it("cannot put anyone into a group mapped to Owner, even a member whose role the IdP set", async () => {
    const { team, scim } = await adminTokenTeam("authority-group-planted");
    const x = await scim("POST", "/Users", { body: oktaUser("planted@example.com", { [ROLE_EXT]: { role: "admin" } }) });
    const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Owners" } });
    await setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: "OWNER" }, testActor);
    const push = await scim("PATCH", `/Groups/${group.body.id}`, patch({ op: "add", path: "members", value: [{ value: x.body.id }] }));
    assert.equal(push.status, 403, JSON.stringify(push.body));
    assert.equal(await t.db.groupMember.count({ where: { groupId: group.body.id } }), 0);
  });
});

describe("an admin mapping a group", () => {
  it("cannot demote an owner the IdP pushed into it; an owner can", async () => {
    const { team, owner, scim } = await adminTokenTeam("authority-admin-maps");
    const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Everyone", members: [{ value: owner.id }] } });
    assert.equal(group.status, 201, "an unmapped group changes nobody's role");
    const adminMember = await addMember(t.db, { teamId: team.id, email: "admin@maps.test", role: "ADMIN", source: "MANUAL" }, testActor);
    const admin = { type: "user" as const, userId: adminMember.userId, label: adminMember.email, mayManageOwners: false };
    await assert.rejects(setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: "MEMBER" }, admin), /Only owners can/);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: owner.id } })).role, "OWNER");
    assert.equal((await t.db.group.findUniqueOrThrow({ where: { id: group.body.id } })).mappedRole, null, "the mapping is not saved either");

    const anOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };
    await setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: "ADMIN" }, anOwner);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: owner.id } })).role, "ADMIN");
  });
});

describe("a SCIM token an owner created", () => {
  it("manages owners like any other member", async () => {
    const { team, token } = await teamWithToken(t.db, "authority-owner-token");
    await addMember(t.db, { teamId: team.id, email: "first@owner-token.test", role: "OWNER", source: "MANUAL" }, testActor);
    const scim = scimClient(t.db, token);
    const boss = await scim("POST", "/Users", { body: oktaUser("boss@example.com", { [ROLE_EXT]: { role: "owner" } }) });
    assert.equal(boss.status, 201);
    assert.equal((await scim("PATCH", `/Users/${boss.body.id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "admin" }))).status, 200);
  });
});

// GitHub's and Okta's own tokens carry their creator's rights as they are now, not as they were:
// an owner's token must not keep granting the Owner role after the team demoted or removed them
// (a setup link already works so, lib/saml/setup-links.ts).
describe("a SCIM token an owner created, once they are no longer an owner", () => {
  async function ownerToken(slug: string) {
    const team = await t.db.team.create({ data: { slug, name: slug } });
    const creator = await addMember(t.db, { teamId: team.id, email: `creator@${slug}.test`, role: "OWNER", source: "MANUAL" }, testActor);
    const other = await addMember(t.db, { teamId: team.id, email: `other@${slug}.test`, role: "OWNER", source: "MANUAL" }, testActor);
    const asCreator = { type: "user" as const, userId: creator.userId, label: creator.email, mayManageOwners: true };
    const token = await createScimToken(t.db, { teamId: team.id, name: "Okta", mayManageOwners: true }, asCreator);
    const target = await addMember(t.db, { teamId: team.id, email: `target@${slug}.test`, role: "MEMBER", source: "MANUAL" }, testActor);
    return { team, creator, other, token, target, scim: scimClient(t.db, token.secret) };
  }
  const promote = (id: string) => ["PATCH", `/Users/${id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "owner" })] as const;
  const authorityOf = async (teamId: string, tokenId: string) => (await listScimTokens(t.db, teamId)).find((k) => k.id === tokenId)!.mayManageOwners;

  it("acts as an admin's token while its creator is demoted, and as an owner's again once they are an owner", async () => {
    const { team, creator, token, target, scim } = await ownerToken("authority-demoted");
    await updateMember(t.db, { teamId: team.id, membershipId: creator.id }, { role: "ADMIN" }, testActor);
    const refused = await scim(...promote(target.id));
    assert.equal(refused.status, 403);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: target.id } })).role, "MEMBER");
    assert.equal(await authorityOf(team.id, token.id), false, "the token list shows what it may do now");
    await updateMember(t.db, { teamId: team.id, membershipId: creator.id }, { role: "OWNER" }, testActor);
    assert.equal((await scim(...promote(target.id))).status, 200);
    assert.equal(await authorityOf(team.id, token.id), true);
  });

  it("acts as an admin's token once its creator is deactivated or removed", async () => {
    const { team, creator, target, scim } = await ownerToken("authority-gone");
    await updateMember(t.db, { teamId: team.id, membershipId: creator.id }, { status: "DEACTIVATED" }, testActor);
    assert.equal((await scim(...promote(target.id))).status, 403);
    await removeMember(t.db, { teamId: team.id, membershipId: creator.id }, testActor);
    assert.equal((await scim(...promote(target.id))).status, 403);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: target.id } })).role, "MEMBER");
  });
});
