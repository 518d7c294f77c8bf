// Entra ID's provisioning requests as Microsoft documents them, replayed against the real route
// handlers: the default (non-flag) shapes, with capitalised ops and "True"/"False" strings, and
// the RFC-compliant shapes of the aadOptscim062020 feature flag, with the enterprise mappings
// Entra sends by default (employeeNumber, department, manager).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, PATCH_SCHEMA, scimClient, teamWithToken, USER_SCHEMA } from "../testing/scim-harness";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const ops = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });

function entraUser(userName: string, externalId: string) {
  return {
    schemas: [USER_SCHEMA, ENT],
    externalId,
    userName,
    active: true,
    emails: [{ primary: true, type: "work", value: userName }],
    meta: { resourceType: "User" },
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    roles: [],
    [ENT]: { employeeNumber: "1234", department: "Engineering" },
  };
}

for (const flag of [false, true]) {
  const op = (name: "add" | "replace" | "remove") => (flag ? name : name[0]!.toUpperCase() + name.slice(1));
  const bool = (b: boolean) => (flag ? b : b ? "True" : "False");

  describe(`Entra ID provisioning, ${flag ? "aadOptscim062020 shapes" : "default (non-flag) shapes"}`, () => {
    it("creates, finds, updates, manages, disables and re-enables a user", async () => {
      const { token } = await teamWithToken(t.db, `entra-user-${flag}`);
      const scim = scimClient(t.db, token);
      const userName = `Test_User_${flag}@testuser.com`;
      const created = await scim("POST", "/Users", { body: entraUser(userName, `ext-${flag}`) });
      assert.equal(created.status, 201);
      assert.equal(created.body[ENT].employeeNumber, "1234");
      assert.deepEqual(created.body.roles, [{ value: "member", primary: true }]);

      const found = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      assert.equal(found.body.totalResults, 1);
      const id = found.body.Resources[0].id;

      const update = flag
        ? ops({
            op: "add",
            value: {
              'emails[type eq "work"].value': "updatedEmail@testuser.com",
              "name.familyName": "updatedFamilyName",
              nickName: "Babs",
              title: "Engineer",
              [`${ENT}:department`]: "R&D",
              [`${ENT}:employeeNumber`]: "5678",
            },
          })
        : ops(
            { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@testuser.com" },
            { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
            { op: "Add", path: "nickName", value: "Babs" },
            { op: "Add", path: "title", value: "Engineer" },
            { op: "Replace", path: `${ENT}:department`, value: "R&D" },
            { op: "Replace", path: `${ENT}:employeeNumber`, value: "5678" },
          );
      const updated = await scim("PATCH", `/Users/${id}`, update);
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.emails[0].value, "updatedEmail@testuser.com");
      assert.equal(updated.body.name.familyName, "updatedFamilyName");
      assert.equal(updated.body.nickName, "Babs");
      assert.equal(updated.body.title, "Engineer");
      assert.deepEqual(updated.body[ENT], { employeeNumber: "5678", department: "R&D" });

      // The manager: Entra sends the manager's id as a bare string.
      const manager = await scim("PATCH", `/Users/${id}`, ops({ op: op("add"), path: `${ENT}:manager`, value: "26118915-6090-4610-87e4-49d8ca9f808d" }));
      assert.equal(manager.status, 200);
      assert.deepEqual(manager.body[ENT].manager, { value: "26118915-6090-4610-87e4-49d8ca9f808d" });
      const noManager = flag
        ? await scim("PATCH", `/Users/${id}`, ops({ op: "remove", path: `${ENT}:manager` }))
        : await scim("PATCH", `/Users/${id}`, ops({ op: "Replace", path: `${ENT}:manager`, value: [] }));
      assert.equal(noManager.status, 200, JSON.stringify(noManager.body));
      assert.equal(noManager.body[ENT].manager, undefined);

      // An app role assignment (Entra's default "roles" mapping).
      const role = await scim("PATCH", `/Users/${id}`, ops({ op: op("add"), path: "roles", value: [{ primary: bool(true), type: "WindowsAzureActiveDirectoryRole", value: "Admin" }] }));
      assert.equal(role.status, 200);
      assert.equal(role.body.roles[0].value, "admin");

      const disabled = await scim("PATCH", `/Users/${id}`, ops({ op: op("replace"), path: "active", value: bool(false) }));
      assert.equal(disabled.body.active, false);
      const enabled = await scim("PATCH", `/Users/${id}`, ops({ op: op("replace"), path: "active", value: bool(true) }));
      assert.equal(enabled.body.active, true);
      assert.equal(enabled.body.roles[0].value, "admin", "reactivation keeps the role");
    });

    it("pushes a group and adds and removes members one PATCH at a time", async () => {
      const { token } = await teamWithToken(t.db, `entra-group-${flag}`);
      const scim = scimClient(t.db, token);
      const a = (await scim("POST", "/Users", { body: entraUser(`ga-${flag}@testuser.com`, `ga-${flag}`) })).body.id;
      const b = (await scim("POST", "/Users", { body: entraUser(`gb-${flag}@testuser.com`, `gb-${flag}`) })).body.id;
      const g = await scim("POST", "/Groups", { body: { externalId: `grp-${flag}`, displayName: `displayName-${flag}`, meta: { resourceType: "Group" }, schemas: [GROUP_SCHEMA] } });
      assert.equal(g.status, 201);
      const found = await scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "displayName-${flag}"`)}`);
      assert.equal(found.body.totalResults, 1);
      for (const id of [a, b]) {
        const r = await scim("PATCH", `/Groups/${g.body.id}`, ops({ op: op("add"), path: "members", value: [{ value: id }] }));
        assert.ok(r.status === 200 || r.status === 204);
      }
      const remove = flag
        ? ops({ op: "remove", path: `members[value eq "${a}"]` })
        : ops({ op: "Remove", path: "members", value: [{ value: a }] });
      assert.equal((await scim("PATCH", `/Groups/${g.body.id}`, remove)).status, 200);
      const members = (await scim("GET", `/Groups/${g.body.id}`)).body.members.map((m: { value: string }) => m.value);
      assert.deepEqual(members, [b]);
      const rename = await scim("PATCH", `/Groups/${g.body.id}`, ops({ op: op("replace"), path: "displayName", value: `renamed-${flag}` }));
      assert.equal(rename.body.displayName, `renamed-${flag}`);
    });
  });
}
