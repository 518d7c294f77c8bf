// An IdP that states a role decides it, even when the member already has that role from the team
// default or a role-mapped group (README "Precedence": the IdP's explicit role attribute > the
// highest role-mapped group). A PUT always recorded that; a PATCH compared the role before and
// after, saw no change, and left the role to the groups: a member whom Entra's app role keeps a
// Member became an Admin as soon as an admin mapped one of their groups to Admin.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, ROLE_EXT, scimClient, teamWithToken } from "../testing/scim-harness";
import { setGroupRole } from "../groups/set-group-role";
import { testActor } from "../testing/factories";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const patch = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });

// Every PATCH form an IdP states a role in (Entra's app-role objects, its filtered path, Okta's
// extension attribute, path-less values), each stating `role`.
const statements = (role: string) => [
  { op: "Add", path: "roles", value: [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", value: role[0]!.toUpperCase() + role.slice(1) }] },
  { op: "Replace", path: 'roles[primary eq "True"].value', value: role },
  { op: "replace", path: `${ROLE_EXT}:role`, value: role },
  { op: "replace", value: { [`${ROLE_EXT}:role`]: role } },
  { op: "replace", value: { [ROLE_EXT]: { role } } },
  { op: "add", value: { roles: [{ value: role, primary: true }] } },
];

describe("a PATCH stating the role the member already has", () => {
  it("locks the team default's role against a group mapped later", async () => {
    for (const [i, op] of statements("member").entries()) {
      const { team, token } = await teamWithToken(t.db, `restated-default-${i}`);
      const scim = scimClient(t.db, token);
      const u = await scim("POST", "/Users", { body: oktaUser(`m@restated-default-${i}.test`) });
      assert.equal(u.body.roles[0].value, "member");
      const stated = await scim("PATCH", `/Users/${u.body.id}`, patch(op));
      assert.equal(stated.status, 200, JSON.stringify(stated.body));
      assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: u.body.id } })).roleSource, "SCIM", JSON.stringify(op));

      const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Admins", members: [{ value: u.body.id }] } });
      await setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: "ADMIN" }, testActor);
      const now = await scim("GET", `/Users/${u.body.id}`);
      assert.equal(now.body[ROLE_EXT].role, "member", `${JSON.stringify(op)}: the IdP said member, a mapped group must not make them admin`);
    }
  });

  it("locks a group's role against the group losing its mapping", async () => {
    for (const [i, op] of statements("admin").entries()) {
      const { team, token } = await teamWithToken(t.db, `restated-group-${i}`);
      const scim = scimClient(t.db, token);
      const u = await scim("POST", "/Users", { body: oktaUser(`g@restated-group-${i}.test`) });
      const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Admins", members: [{ value: u.body.id }] } });
      await setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: "ADMIN" }, testActor);
      assert.equal((await scim("GET", `/Users/${u.body.id}`)).body[ROLE_EXT].role, "admin");

      const stated = await scim("PATCH", `/Users/${u.body.id}`, patch(op));
      assert.equal(stated.status, 200, JSON.stringify(stated.body));
      await setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: null }, testActor);
      assert.equal((await scim("GET", `/Users/${u.body.id}`)).body[ROLE_EXT].role, "admin", `${JSON.stringify(op)}: the IdP said admin`);
    }
  });

  it("does not lock the role when the PATCH says nothing of it", async () => {
    const { token } = await teamWithToken(t.db, "restated-silent");
    const scim = scimClient(t.db, token);
    const u = await scim("POST", "/Users", { body: oktaUser("s@restated-silent.test") });
    const before = await scim("GET", `/Users/${u.body.id}`);
    for (const op of [
      { op: "replace", path: "active", value: false },
      { op: "replace", value: { active: true, displayName: "S" } },
      { op: "replace", path: "title", value: "CFO" },
    ]) {
      assert.equal((await scim("PATCH", `/Users/${u.body.id}`, patch(op))).status, 200);
    }
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: u.body.id } })).roleSource, "DEFAULT");
    // Stating the role already locked as the IdP's changes nothing, so the version stays.
    await scim("PATCH", `/Users/${u.body.id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "member" }));
    const locked = await scim("GET", `/Users/${u.body.id}`);
    const again = await scim("PATCH", `/Users/${u.body.id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "member" }));
    assert.equal(again.body.meta.version, locked.body.meta.version);
    assert.notEqual(locked.body.meta.version, before.body.meta.version);
  });
});
