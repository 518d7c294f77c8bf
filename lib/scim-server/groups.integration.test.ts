// Group push as Okta does it, and Entra ID's non-RFC payloads, over the real route handlers.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, ROLE_EXT, scimClient, teamWithToken, USER_SCHEMA } from "../testing/scim-harness";
import { setGroupRole } from "../groups/set-group-role";
import { testActor } from "../testing/factories";
import { addMember } from "../members/add-member";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function setup(slug: string) {
  const { team, token } = await teamWithToken(t.db, slug);
  const scim = scimClient(t.db, token);
  await addMember(t.db, { teamId: team.id, email: `owner@${slug}.test`, role: "OWNER", source: "MANUAL" }, testActor);
  const ids: string[] = [];
  for (const name of ["ann", "ben", "cat"]) ids.push((await scim("POST", "/Users", { body: oktaUser(`${name}@${slug}.test`) })).body.id);
  return { team, scim, ids };
}

const patch = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });
const memberIds = (body: { members?: { value: string }[] }) => (body.members ?? []).map((m) => m.value).sort();

describe("Okta Push Groups", () => {
  // Okta looks a group up by `displayName eq` before it pushes it, and creates it when the lookup
  // finds nothing: the lookup must find exactly what uniqueness calls the same name, or the push
  // ends in a 409 (found nothing, taken) or picks another group (found two). JavaScript's and the
  // database's case folding differ on some letters ("İ" lowers to "i̇" in one and "i" in the other).
  it("finds by displayName exactly the groups its uniqueness calls the same name, whatever the letters", async () => {
    const { scim } = await setup("group-case-folding");
    const find = async (name: string) => (await scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`)).body.Resources.map((g: { displayName: string }) => g.displayName).sort();
    for (const name of ["İstanbul", "istanbul", "Ärzte", "STRASSE", "straße"]) assert.equal((await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: name } })).status, 201, name);
    assert.deepEqual(await find("istanbul"), ["istanbul"]);
    assert.deepEqual(await find("İSTANBUL"), ["İstanbul"]);
    assert.deepEqual(await find("ärzte"), ["Ärzte"]);
    assert.equal((await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "ÄRZTE" } })).status, 409);
    assert.deepEqual(await find("Strasse"), ["STRASSE"]);
    assert.deepEqual(await find("STRAßE"), ["straße"]);
    assert.deepEqual(await find("istan"), [], "eq is not a prefix");
    assert.deepEqual((await scim("GET", `/Groups?filter=${encodeURIComponent('displayName sw "İst"')}`)).body.Resources.map((g: { displayName: string }) => g.displayName), ["İstanbul"]);
  });

  it("creates a group with members, renames it, adds and removes members, and deletes it", async () => {
    const { scim, ids } = await setup("okta-groups");
    const created = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Engineering", members: [{ value: ids[0], display: "ann" }] } });
    assert.equal(created.status, 201);
    assert.deepEqual(memberIds(created.body), [ids[0]]);
    assert.ok(created.body.members[0].$ref.endsWith(`/Users/${ids[0]}`));
    const gid = created.body.id;

    const dup = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "engineering" } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.scimType, "uniqueness");

    // Okta renames with a path-less replace carrying id and displayName.
    const renamed = await scim("PATCH", `/Groups/${gid}`, patch({ op: "replace", value: { id: gid, displayName: "Eng" } }));
    assert.equal(renamed.body.displayName, "Eng");
    assert.deepEqual(memberIds(renamed.body), [ids[0]], "a rename keeps the members");

    const added = await scim("PATCH", `/Groups/${gid}`, patch({ op: "add", path: "members", value: [{ value: ids[1] }, { value: ids[2] }] }));
    assert.deepEqual(memberIds(added.body), [...ids].sort());

    const removed = await scim("PATCH", `/Groups/${gid}`, patch({ op: "remove", path: `members[value eq "${ids[1]}"]` }));
    assert.deepEqual(memberIds(removed.body), [ids[0], ids[2]].sort());

    const byName = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "eng"')}`);
    assert.equal(byName.body.totalResults, 1);

    const user = await scim("GET", `/Users/${ids[0]}`);
    assert.deepEqual(user.body.groups.map((g: { value: string }) => g.value), [gid]);

    assert.equal((await scim("DELETE", `/Groups/${gid}`)).status, 204);
    assert.equal((await scim("GET", `/Groups/${gid}`)).status, 404);
    assert.equal((await scim("GET", `/Users/${ids[0]}`)).status, 200, "members outlive their group");
  });

  // Found by a review: a group's representation shows its members' names, but its version stayed
  // when a member was renamed or deleted, so a conditional GET answered 304 with a stale list.
  it("moves a group's version when a member's name changes or the member goes", async () => {
    const { scim, ids } = await setup("group-etag");
    const created = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Eng", members: ids.map((value) => ({ value })) } });
    const gid = created.body.id as string;
    const seen = [created.body.meta.version as string];
    const expectMoved = async (why: string, check: (body: { members?: { value: string; display?: string }[] }) => void) => {
      const stale = await scim("GET", `/Groups/${gid}`, { headers: { "if-none-match": seen.at(-1)! } });
      assert.equal(stale.status, 200, `${why}: the old version no longer matches`);
      assert.ok(!seen.includes(stale.body.meta.version), `${why}: a new version`);
      assert.ok(stale.body.meta.lastModified >= created.body.meta.lastModified);
      check(stale.body);
      seen.push(stale.body.meta.version);
    };
    // Through the one-statement update (a profile PATCH) …
    assert.equal((await scim("PATCH", `/Users/${ids[0]}`, patch({ op: "replace", path: "displayName", value: "Ann Lee" }))).status, 200);
    await expectMoved("displayName", (g) => assert.equal(g.members!.find((m) => m.value === ids[0])!.display, "Ann Lee"));
    // … the transaction (a rename, whose userName someone else may hold; shown once there is no displayName) …
    assert.equal((await scim("PATCH", `/Users/${ids[1]}`, patch({ op: "remove", path: "displayName" }))).status, 200);
    await expectMoved("displayName removed", (g) => assert.equal(g.members!.find((m) => m.value === ids[1])!.display, `ben@group-etag.test`));
    assert.equal((await scim("PATCH", `/Users/${ids[1]}`, patch({ op: "replace", path: "userName", value: "benjamin@group-etag.test" }))).status, 200);
    await expectMoved("userName", (g) => assert.equal(g.members!.find((m) => m.value === ids[1])!.display, "benjamin@group-etag.test"));
    // … and a removal.
    assert.equal((await scim("DELETE", `/Users/${ids[2]}`)).status, 204);
    await expectMoved("removed", (g) => assert.deepEqual(memberIds(g), [ids[0], ids[1]].sort()));
    // A change no group shows leaves its version alone: another field, or a userName behind a displayName.
    assert.equal((await scim("PATCH", `/Users/${ids[0]}`, patch({ op: "replace", path: "title", value: "Engineer" }))).status, 200);
    assert.equal((await scim("PATCH", `/Users/${ids[0]}`, patch({ op: "replace", path: "userName", value: "ann.lee@group-etag.test" }))).status, 200);
    assert.equal((await scim("GET", `/Groups/${gid}`, { headers: { "if-none-match": seen.at(-1)! } })).status, 304);
  });

  it("replaces members with PUT and honours excludedAttributes=members", async () => {
    const { scim, ids } = await setup("okta-groups-put");
    const g = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Sales", members: [{ value: ids[0] }] } });
    const put = await scim("PUT", `/Groups/${g.body.id}`, { body: { schemas: [GROUP_SCHEMA], displayName: "Sales", members: [{ value: ids[1] }, { value: ids[2] }] } });
    assert.deepEqual(memberIds(put.body), [ids[1], ids[2]].sort());
    const lean = await scim("GET", `/Groups?excludedAttributes=members`);
    assert.equal(lean.body.Resources[0].members, undefined);
    const one = await scim("GET", `/Groups/${g.body.id}?excludedAttributes=members`);
    assert.equal(one.body.members, undefined);
    assert.equal(one.body.displayName, "Sales");
  });

  it("refuses members that are not users of this team, and writes nothing", async () => {
    const { team, scim } = await setup("okta-groups-foreign");
    const res = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "X", members: [{ value: "not-a-member" }] } });
    assert.equal(res.status, 400);
    assert.equal(await t.db.group.count({ where: { teamId: team.id } }), 0);
  });

  it("gives members the group's mapped role, under the explicit role attribute", async () => {
    const { team, scim, ids } = await setup("okta-groups-roles");
    const g = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Admins" } });
    await setGroupRole(t.db, { teamId: team.id, groupId: g.body.id, role: "ADMIN" }, testActor);
    await scim("PATCH", `/Groups/${g.body.id}`, patch({ op: "add", path: "members", value: [{ value: ids[0] }, { value: ids[1] }] }));
    assert.equal((await scim("GET", `/Users/${ids[0]}`)).body[ROLE_EXT].role, "admin");
    // The IdP's explicit attribute outranks the group.
    await scim("PATCH", `/Users/${ids[1]}`, patch({ op: "replace", path: `${ROLE_EXT}:role`, value: "member" }));
    await scim("PATCH", `/Groups/${g.body.id}`, patch({ op: "remove", path: `members[value eq "${ids[0]}"]` }));
    assert.equal((await scim("GET", `/Users/${ids[0]}`)).body[ROLE_EXT].role, "member", "leaving the group reverts to the default");
    assert.equal((await scim("GET", `/Users/${ids[1]}`)).body[ROLE_EXT].role, "member");
  });
});

describe("Entra ID payloads", () => {
  it("accepts 'False'/'True' strings, capitalised ops and dotted paths", async () => {
    const { scim, ids } = await setup("entra-users");
    const off = await scim("PATCH", `/Users/${ids[0]}`, patch({ op: "Replace", path: "active", value: "False" }));
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    const on = await scim("PATCH", `/Users/${ids[0]}`, patch({ op: "Add", value: { active: "True", "name.familyName": "Entra", displayName: "Ann Entra" } }));
    assert.equal(on.body.active, true);
    assert.equal(on.body.name.familyName, "Entra");
    assert.equal(on.body.name.givenName, "ann", "sub-attributes not sent stay");
    const email = await scim("PATCH", `/Users/${ids[0]}`, patch({ op: "Replace", path: 'emails[type eq "work"].value', value: "ann.new@entra-users.test" }));
    assert.equal(email.body.emails[0].value, "ann.new@entra-users.test");
  });

  it("creates users with Entra's body (enterprise extension, no password)", async () => {
    const { scim } = await setup("entra-create");
    const res = await scim("POST", "/Users", {
      body: {
        schemas: [USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        userName: "Test_User_ab6490ee@contoso.test",
        active: true,
        displayName: "BobIsAmazing",
        emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b@contoso.test" }],
        meta: { resourceType: "User" },
        name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Eng", manager: { value: "x" } },
        title: "Engineer",
        phoneNumbers: [{ type: "work", value: "+1 555 0100" }],
      },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.emails[0].value, "Test_User_fd0ea19b@contoso.test");
  });

  it("removes group members with Entra's value-list form and renames with a string value", async () => {
    const { scim, ids } = await setup("entra-groups");
    const g = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Entra G", members: ids.map((value) => ({ value })) } });
    const removed = await scim("PATCH", `/Groups/${g.body.id}`, patch({ op: "Remove", path: "members", value: [{ value: ids[0] }, { value: ids[1] }] }));
    assert.deepEqual(memberIds(removed.body), [ids[2]]);
    const renamed = await scim("PATCH", `/Groups/${g.body.id}`, patch({ op: "Replace", path: "displayName", value: "Entra Renamed" }));
    assert.equal(renamed.body.displayName, "Entra Renamed");
    const add = await scim("PATCH", `/Groups/${g.body.id}`, patch({ op: "Add", path: "members", value: [{ value: ids[0] }] }));
    assert.deepEqual(memberIds(add.body), [ids[0], ids[2]].sort());
  });
});
