// Each team owns its view of a person (issue: tenant-safe identity model). One person in two teams
// is two SCIM Users whose profiles, versions and audit trails never touch.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, ROLE_EXT, scimClient, teamWithToken, USER_SCHEMA } from "../testing/scim-harness";
import { setGroupRole } from "../groups/set-group-role";
import { addMember } from "../members/add-member";
import { recordSignIn } from "../members/record-sign-in";
import { testActor } from "../testing/factories";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const patch = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });
const auditCount = (teamId: string) => t.db.auditEvent.count({ where: { teamId } });

describe("one person in two teams", () => {
  it("a write through one team's token changes nothing another team can read", async () => {
    const a = await teamWithToken(t.db, "tenant-a", { mayManageOwners: false });
    const b = await teamWithToken(t.db, "tenant-b");
    const scimA = scimClient(t.db, a.token);
    const scimB = scimClient(t.db, b.token);
    const bee = await scimB("POST", "/Users", {
      body: oktaUser("bee@b-corp.test", { name: { givenName: "Bee", familyName: "Scim" }, displayName: "Bee Scim", title: "CFO", [ROLE_EXT]: { role: "owner" } }),
    });
    assert.equal(bee.status, 201);
    const seenByB = await scimB("GET", `/Users/${bee.body.id}`);
    const auditB = await auditCount(b.team.id);

    const inA = await scimA("POST", "/Users", {
      body: { schemas: [USER_SCHEMA], userName: "bee@b-corp.test", name: { givenName: "Mallory", familyName: "FromTeamA" }, title: "Intern" },
    });
    assert.equal(inA.status, 201);
    const patched = await scimA("PATCH", `/Users/${inA.body.id}`, patch({ op: "replace", value: { displayName: "Mallory", "name.givenName": "Mal", emails: [{ value: "mal@a.test", primary: true }] } }));
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name.givenName, "Mal");

    const afterB = await scimB("GET", `/Users/${bee.body.id}`);
    assert.deepEqual(afterB.body, seenByB.body, "team B's User is exactly as before");
    const conditional = await scimB("GET", `/Users/${bee.body.id}`, { headers: { "if-none-match": seenByB.body.meta.version } });
    assert.equal(conditional.status, 304);
    assert.equal(await auditCount(b.team.id), auditB, "nothing happened in team B");
    // Both memberships are one person: the login identity is shared, the profiles are not.
    const rows = await t.db.membership.findMany({ where: { userNameNormalized: "bee@b-corp.test" }, include: { user: true } });
    assert.equal(new Set(rows.map((r) => r.userId)).size, 1);
    assert.equal(rows[0]!.user.email, "bee@b-corp.test", "team A's email change did not move the shared sign-in address");
  });

  it("a sign-in moves neither meta.version nor meta.lastModified", async () => {
    const { team, token } = await teamWithToken(t.db, "tenant-signin");
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("sig@x.test") });
    const m = await t.db.membership.findUniqueOrThrow({ where: { id: created.body.id } });
    await recordSignIn(t.db, m.userId, "saml", { teamId: team.id });
    const again = await scim("GET", `/Users/${created.body.id}`);
    assert.ok((await t.db.membership.findUniqueOrThrow({ where: { id: m.id } })).lastLoginAt);
    assert.equal(again.body.meta.version, created.body.meta.version);
    assert.equal(again.body.meta.lastModified, created.body.meta.lastModified);
  });

  it("a group change moves its members' version (their groups attribute changed)", async () => {
    const { token } = await teamWithToken(t.db, "tenant-groups");
    const scim = scimClient(t.db, token);
    const u = await scim("POST", "/Users", { body: oktaUser("grp@x.test") });
    const g = await scim("POST", "/Groups", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Eng", members: [{ value: u.body.id }] } });
    assert.equal(g.status, 201);
    const afterAdd = await scim("GET", `/Users/${u.body.id}`);
    assert.notEqual(afterAdd.body.meta.version, u.body.meta.version);
    assert.deepEqual(afterAdd.body.groups.map((x: { display: string }) => x.display), ["Eng"]);
    await scim("PATCH", `/Groups/${g.body.id}`, patch({ op: "replace", path: "displayName", value: "Platform" }));
    const afterRename = await scim("GET", `/Users/${u.body.id}`, { headers: { "if-none-match": afterAdd.body.meta.version } });
    assert.equal(afterRename.status, 200, "not 304: the groups attribute reads differently");
    assert.equal(afterRename.body.groups[0].display, "Platform");
  });
});

// Every attribute /Schemas declares, as Okta and Entra send them.
const FULL = {
  schemas: [USER_SCHEMA, ENT],
  externalId: "00u-full",
  userName: "full@x.test",
  name: { formatted: "Dr. Zoe Q. Ng III", familyName: "Ng", givenName: "Zoe", middleName: "Quinn", honorificPrefix: "Dr.", honorificSuffix: "III" },
  displayName: "Zoe Ng",
  nickName: "Z",
  profileUrl: "https://x.test/zoe",
  title: "Staff Engineer",
  userType: "Employee",
  preferredLanguage: "en-GB",
  locale: "en-GB",
  timezone: "Europe/London",
  active: true,
  emails: [{ value: "full@x.test", type: "work", primary: true, display: "Zoe at work" }, { value: "zoe@home.test", type: "home" }],
  phoneNumbers: [{ value: "+44 20 7946 0000", type: "work", primary: true }, { value: "+44 7700 900000", type: "mobile" }],
  ims: [{ value: "zoe", type: "xmpp" }],
  photos: [{ value: "https://x.test/zoe.png", type: "photo" }],
  addresses: [{ formatted: "1 Main St", streetAddress: "1 Main St", locality: "London", region: "LDN", postalCode: "N1", country: "GB", type: "work", primary: true }],
  entitlements: [{ value: "beta" }],
  x509Certificates: [{ value: "MIIB" }],
  [ENT]: {
    employeeNumber: "701984",
    costCenter: "4130",
    organization: "Universal Studios",
    division: "Theme Park",
    department: "Tour Operations",
    manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d", $ref: "../Users/26118915-6090-4610-87e4-49d8ca9f808d", displayName: "John Smith" },
  },
};

/** What the resource says, without what the server adds. */
function stated(body: Record<string, unknown>) {
  const { id: _i, meta: _m, groups: _g, roles: _r, [ROLE_EXT]: _x, schemas, ...rest } = body;
  return { ...rest, schemas: (schemas as string[]).filter((s) => s !== ROLE_EXT).sort() };
}
const sent = (body: typeof FULL) => ({ ...body, schemas: [...body.schemas].sort() });

describe("the whole SCIM User round-trips", () => {
  it("through POST, GET, PUT and PATCH, exactly as sent", async () => {
    const { token } = await teamWithToken(t.db, "roundtrip");
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: FULL });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(stated(created.body), sent(FULL));
    assert.deepEqual(stated((await scim("GET", `/Users/${created.body.id}`)).body), sent(FULL));

    const changed = { ...FULL, title: "Principal", phoneNumbers: [{ value: "+1 555 0100", type: "work", primary: true }], [ENT]: { ...FULL[ENT], department: "R&D" } };
    const put = await scim("PUT", `/Users/${created.body.id}`, { body: changed });
    assert.equal(put.status, 200);
    assert.deepEqual(stated(put.body), sent(changed));

    // Okta's PUT without a middle name clears it; Entra's PATCH forms set parts back.
    const { middleName: _mn, ...nameWithout } = FULL.name;
    const put2 = await scim("PUT", `/Users/${created.body.id}`, { body: { ...changed, name: nameWithout } });
    assert.equal(put2.body.name.middleName, undefined);
    const p = await scim(
      "PATCH",
      `/Users/${created.body.id}`,
      patch(
        { op: "Add", path: "name.middleName", value: "Quinn" },
        { op: "Add", path: "nickName", value: "Zed" },
        { op: "Replace", path: `${ENT}:manager`, value: "mgr-42" },
        { op: "Replace", path: `${ENT}:department`, value: "Sales" },
        { op: "Add", path: 'emails[type eq "home"].display', value: "Home" },
      ),
    );
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.name.middleName, "Quinn");
    assert.equal(p.body.nickName, "Zed");
    assert.deepEqual(p.body[ENT].manager, { value: "mgr-42", $ref: FULL[ENT].manager.$ref, displayName: "John Smith" });
    assert.equal(p.body[ENT].department, "Sales");
    assert.deepEqual(p.body.emails[1], { value: "zoe@home.test", type: "home", display: "Home" });
    assert.deepEqual((await scim("GET", `/Users/${created.body.id}`)).body, p.body);
  });

  // Found by an IdP review: values came back trimmed, so Entra re-sent them every cycle, and a
  // lookup by a padded externalId missed (the IdP then POSTed, and got a 409).
  it("returns values as sent, spaces included, and finds them so", async () => {
    const { token } = await teamWithToken(t.db, "padded");
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("padded@x.test", { displayName: "Ann ", externalId: " ext1" }) });
    assert.equal(created.status, 201);
    const read = (await scim("GET", `/Users/${created.body.id}`)).body;
    assert.deepEqual([read.displayName, read.externalId], ["Ann ", " ext1"]);
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('externalId eq " ext1"')}`);
    assert.equal(found.body.totalResults, 1);
    const patched = await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "Replace", path: "displayName", value: "Bob " }));
    assert.equal(patched.body.displayName, "Bob ");
    const group = await scim("POST", "/Groups", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Padded", externalId: "g1 " } });
    assert.equal(group.body.externalId, "g1 ");
  });

  it("filters on the attributes IdPs match on", async () => {
    const { token } = await teamWithToken(t.db, "filters");
    const scim = scimClient(t.db, token);
    await scim("POST", "/Users", { body: { ...FULL, userName: "f1@x.test", emails: [{ value: "f1@x.test", primary: true, type: "work" }] } });
    await scim("POST", "/Users", { body: oktaUser("f2@x.test") });
    for (const filter of [
      'title eq "staff engineer"',
      `${ENT}:employeeNumber eq "701984"`,
      `${ENT}:department eq "Tour Operations"`,
      `${ENT}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`,
      'name.middleName eq "Quinn"',
      'emails.value eq "F1@x.test"',
      'emails[type eq "work"].value eq "f1@x.test"',
    ]) {
      const r = await scim("GET", `/Users?filter=${encodeURIComponent(filter)}`);
      assert.equal(r.status, 200, filter);
      assert.deepEqual(r.body.Resources.map((u: { userName: string }) => u.userName), ["f1@x.test"], filter);
    }
  });
});

describe("roles through every door", () => {
  async function member(slug: string) {
    const { team, token } = await teamWithToken(t.db, slug);
    const scim = scimClient(t.db, token);
    const u = await scim("POST", "/Users", { body: oktaUser(`role@${slug}.test`) });
    assert.equal(u.body.roles[0].value, "member");
    return { team, scim, id: u.body.id as string };
  }
  const roleOf = async (scim: ReturnType<typeof scimClient>, id: string) => (await scim("GET", `/Users/${id}`)).body[ROLE_EXT].role;

  it("takes Entra's app-role objects and every PATCH form of core roles", async () => {
    const { scim, id } = await member("roles-forms");
    const forms: [unknown, string][] = [
      [{ op: "Add", path: "roles", value: [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" }] }, "admin"],
      [{ op: "replace", path: "roles", value: [{ value: "member", primary: true }] }, "member"],
      [{ op: "Replace", path: 'roles[primary eq "True"].value', value: "admin" }, "admin"],
      [{ op: "replace", value: { roles: [{ value: "member", primary: true }] } }, "member"],
      [{ op: "replace", path: `${ROLE_EXT}:role`, value: "admin" }, "admin"],
    ];
    for (const [op, want] of forms) {
      const r = await scim("PATCH", `/Users/${id}`, patch(op));
      assert.equal(r.status, 200, JSON.stringify(op));
      assert.equal(r.body.roles[0].value, want, JSON.stringify(op));
      assert.equal(await roleOf(scim, id), want, JSON.stringify(op));
    }
  });

  it("refuses an unknown role everywhere with 400 invalidValue and changes nothing", async () => {
    const { scim, id } = await member("roles-unknown");
    const before = (await scim("GET", `/Users/${id}`)).body;
    for (const op of [
      { op: "replace", path: "roles", value: [{ value: "nonsense", primary: true }] },
      { op: "replace", path: `${ROLE_EXT}:role`, value: "superuser" },
      { op: "add", value: { roles: [{ value: "root", primary: true }] } },
    ]) {
      const r = await scim("PATCH", `/Users/${id}`, patch(op));
      assert.equal(r.status, 400, JSON.stringify(op));
      assert.equal(r.body.scimType, "invalidValue");
    }
    const put = await scim("PUT", `/Users/${id}`, { body: oktaUser(`role@roles-unknown.test`, { roles: [{ value: "nonsense", primary: true }] }) });
    assert.equal(put.status, 400);
    assert.deepEqual((await scim("GET", `/Users/${id}`)).body, before);
  });

  // Found by an IdP review: with AppRoleAssignmentsComplex mapped, Entra sends everyone assigned
  // with Default Access only its `msiam_access`; refused, none of them was ever created.
  it("reads a list of Entra app roles naming none of ours as no role: created with the default, an app role taken away hands it back", async () => {
    const { token } = await teamWithToken(t.db, "roles-default-access");
    const scim = scimClient(t.db, token);
    const entra = (value: string) => ({ primary: "False", type: "WindowsAzureActiveDirectoryRole", display: value, value });
    const created = await scim("POST", "/Users", { body: oktaUser("default-access@roles.test", { roles: [entra("msiam_access")] }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.roles[0].value, "member");
    const id = created.body.id as string;
    const admin = await scim("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "roles", value: [entra("msiam_access"), entra("Admin")] }));
    assert.equal(admin.body.roles[0].value, "admin");
    const back = await scim("PATCH", `/Users/${id}`, patch({ op: "Replace", path: "roles", value: [entra("msiam_access")] }));
    assert.equal(back.status, 200);
    assert.equal(back.body.roles[0].value, "member");
    // Both forms in one PATCH: the extension's role, as in a PUT (found by review: the list naming
    // none of ours undid the extension's admin sent beside it).
    const both = await scim("PATCH", `/Users/${id}`, patch({ op: "Replace", path: `${ROLE_EXT}:role`, value: "admin" }, { op: "Replace", path: "roles", value: [entra("msiam_access")] }));
    assert.equal(both.body.roles[0].value, "admin");
    const again = await scim("PATCH", `/Users/${id}`, patch({ op: "Replace", path: `${ROLE_EXT}:role`, value: "admin" }, { op: "Replace", path: "roles", value: [entra("msiam_access")] }));
    assert.equal(again.body.roles[0].value, "admin");
  });

  it("remove hands the role back to the team default (RFC 7644 §3.5.2.2)", async () => {
    const { team, scim, id } = await member("roles-remove");
    await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "roles", value: [{ value: "admin" }] }));
    const removed = await scim("PATCH", `/Users/${id}`, patch({ op: "remove", path: "roles" }));
    assert.equal(removed.status, 200);
    assert.equal(removed.body.roles[0].value, "member");
    const m = await t.db.membership.findUniqueOrThrow({ where: { id } });
    assert.equal(m.roleSource, "DEFAULT");
    await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "admin" }));
    await t.db.team.update({ where: { id: team.id }, data: { defaultRole: "ADMIN" } });
    const ext = await scim("PATCH", `/Users/${id}`, patch({ op: "remove", path: `${ROLE_EXT}:role` }));
    assert.equal(ext.status, 200);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id } })).roleSource, "DEFAULT");
    // The extension replaced by null is unassigned too, as in a PUT (it was a 400).
    for (const unassigned of [{ op: "replace", value: { [ROLE_EXT]: null } }, { op: "replace", path: ROLE_EXT, value: null }]) {
      await scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "member" }));
      assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id } })).roleSource, "SCIM");
      const nulled = await scim("PATCH", `/Users/${id}`, patch(unassigned));
      assert.equal(nulled.status, 200, JSON.stringify(nulled.body));
      assert.equal(nulled.body[ROLE_EXT].role, "admin", "the team default");
      assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id } })).roleSource, "DEFAULT");
    }
  });

  it("a User's list sent as a bare string is refused by PATCH as by POST and PUT, and changes nothing", async () => {
    const { scim, id } = await member("list-as-string");
    const before = (await scim("GET", `/Users/${id}`)).body;
    for (const op of [{ op: "replace", path: "emails", value: "other@list-as-string.test" }, { op: "replace", path: "roles", value: "admin" }, { op: "add", path: "phoneNumbers", value: "+1 555" }]) {
      const refused = await scim("PATCH", `/Users/${id}`, patch(op));
      assert.equal(refused.status, 400, JSON.stringify(op));
      assert.equal(refused.body.scimType, "invalidValue");
    }
    assert.deepEqual((await scim("GET", `/Users/${id}`)).body, before);
  });

  // Customer guides (Activepieces, Okta's "Push Null Values"): the role comes from an Okta profile
  // attribute or expression. When the IdP stops giving someone a role, its PUT states the role as
  // null, empty or an empty list, which RFC 7643 §2.5 makes the same as unassigned. Before, a PUT
  // kept the old role, still locked as the IdP's: an admin removed in Okta stayed an admin.
  it("a PUT stating the role as null, empty or [] hands it back, as remove does", async () => {
    const { team, scim, id } = await member("roles-put-null");
    await addMember(t.db, { teamId: team.id, email: "boss@roles-put-null.test", role: "OWNER", source: "MANUAL" }, testActor);
    await setGroupRole(t.db, { teamId: team.id, groupId: (await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Admins", members: [{ value: id }] } })).body.id, role: "ADMIN" }, testActor);
    for (const unassigned of [{ [ROLE_EXT]: { role: null } }, { [ROLE_EXT]: { role: "" } }, { [ROLE_EXT]: null }, { roles: [] }, { roles: null }]) {
      const set = await scim("PUT", `/Users/${id}`, { body: oktaUser(`role@roles-put-null.test`, { [ROLE_EXT]: { role: "member" } }) });
      assert.equal(set.body[ROLE_EXT].role, "member");
      const put = await scim("PUT", `/Users/${id}`, { body: oktaUser(`role@roles-put-null.test`, unassigned) });
      assert.equal(put.status, 200, JSON.stringify(unassigned));
      assert.equal(put.body[ROLE_EXT].role, "admin", `${JSON.stringify(unassigned)}: back to the mapped group's role`);
      assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id } })).roleSource, "GROUP", JSON.stringify(unassigned));
    }
    // A PUT that says nothing of the role leaves it alone (a team that does not map roles in its IdP keeps the ones set here).
    await scim("PUT", `/Users/${id}`, { body: oktaUser(`role@roles-put-null.test`, { [ROLE_EXT]: { role: "owner" } }) });
    const silent = await scim("PUT", `/Users/${id}`, { body: oktaUser(`role@roles-put-null.test`) });
    assert.equal(silent.body[ROLE_EXT].role, "owner");
    // An extension without a role, or roles whose items carry no value, state nothing.
    await scim("PUT", `/Users/${id}`, { body: oktaUser(`role@roles-put-null.test`, { [ROLE_EXT]: { role: "owner" } }) });
    for (const silentToo of [{ [ROLE_EXT]: {} }, { roles: [{ display: "Admin" }] }]) {
      const put = await scim("PUT", `/Users/${id}`, { body: oktaUser(`role@roles-put-null.test`, silentToo) });
      assert.equal(put.body[ROLE_EXT].role, "owner", JSON.stringify(silentToo));
    }
    // A new user whose role is stated as none gets the team default.
    const created = await scim("POST", "/Users", { body: oktaUser(`new@roles-put-null.test`, { [ROLE_EXT]: { role: null }, roles: [] }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body[ROLE_EXT].role, "member");
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: created.body.id } })).roleSource, "DEFAULT");
  });
});

describe("remove", () => {
  it("refuses to unassign active or userName with 400 mutability, and changes nothing", async () => {
    const { token } = await teamWithToken(t.db, "remove-active");
    const scim = scimClient(t.db, token);
    const u = await scim("POST", "/Users", { body: oktaUser("ra@x.test") });
    for (const path of ["active", "userName"]) {
      const r = await scim("PATCH", `/Users/${u.body.id}`, patch({ op: "remove", path }));
      assert.equal(r.status, 400, path);
      assert.equal(r.body.scimType, "mutability", path);
    }
    assert.deepEqual((await scim("GET", `/Users/${u.body.id}`)).body, { ...u.body, groups: [] });
  });

  it("unassigns emails: the member keeps the userName as their address", async () => {
    const { token } = await teamWithToken(t.db, "remove-emails");
    const scim = scimClient(t.db, token);
    const u = await scim("POST", "/Users", { body: oktaUser("re@x.test", { emails: [{ value: "other@x.test", primary: true }] }) });
    const r = await scim("PATCH", `/Users/${u.body.id}`, patch({ op: "remove", path: "emails" }));
    assert.equal(r.status, 200);
    assert.equal(r.body.emails, undefined);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: u.body.id } })).email, "re@x.test");
  });
});

describe("the Manage Team add and SAML JIT write the team's profile only", () => {
  it("keeps the shared account free of what a team says", async () => {
    const { team } = await teamWithToken(t.db, "ui-add");
    const m = await addMember(t.db, { teamId: team.id, email: "uiadd@x.test", displayName: "Set By Team", source: "MANUAL" }, testActor);
    assert.equal(m.displayName, "Set By Team");
    assert.equal(m.user.name, null);
  });
});

// Found by a review: releasing an owner's IdP-decided role is refused by the owner rules (the last
// owner, or a token without owner authority), and that refusal failed the whole PUT, its
// deactivation and profile included, so the IdP retried it for ever.
describe("a PUT stating no role for an owner", () => {
  it("keeps the owner's role and applies the rest of the PUT", async () => {
    const { team, token } = await teamWithToken(t.db, "roles-put-owner");
    await addMember(t.db, { teamId: team.id, email: "other.owner@roles-put-owner.test", role: "OWNER", source: "MANUAL" }, testActor);
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("boss@roles-put-owner.test", { [ROLE_EXT]: { role: "owner" } }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const put = await scim("PUT", `/Users/${created.body.id}`, { body: oktaUser("boss@roles-put-owner.test", { roles: [], title: "Chief", active: false }) });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.active, false);
    assert.equal(put.body.title, "Chief");
    assert.equal(put.body[ROLE_EXT].role, "owner");
  });
});
