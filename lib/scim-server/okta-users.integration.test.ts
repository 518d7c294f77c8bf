// Okta's documented provisioning sequences (Okta SCIM 2.0 guide; seeds in the customer guides),
// replayed against the real route handlers and a real database.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { BASE, oktaUser, PATCH_SCHEMA, ROLE_EXT, scimClient, teamWithToken, USER_SCHEMA } from "../testing/scim-harness";
import { addMember } from "../members/add-member";
import { updateMember } from "../members/update-member";
import { ScimManagedError } from "../members/errors";
import { testActor } from "../testing/factories";
import { verifyCredentials } from "../auth/verify-credentials";
import { hashPassword } from "../auth/password";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function setup(slug: string) {
  const { team, token, tokenId } = await teamWithToken(t.db, slug);
  return { team, tokenId, scim: scimClient(t.db, token) };
}

describe("Okta: Test API Credentials and import", () => {
  it("answers the credential test (GET /Users?filter=…&count=1) with an empty list", async () => {
    const { scim } = await setup("okta-test-creds");
    const res = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}&startIndex=1&count=1`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/scim\+json/);
    assert.deepEqual(res.body, { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it("imports existing members, incl. ones added by hand, page by page in a stable order", async () => {
    const { team, scim } = await setup("okta-import");
    for (let i = 0; i < 7; i++) {
      await addMember(t.db, { teamId: team.id, email: `person${i}@acme.test`, source: i % 2 ? "MANUAL" : "SSO", role: i === 0 ? "OWNER" : "MEMBER" }, testActor);
    }
    const seen: string[] = [];
    for (let start = 1; start <= 7; start += 3) {
      const res = await scim("GET", `/Users?startIndex=${start}&count=3`);
      assert.equal(res.status, 200);
      assert.equal(res.body.totalResults, 7);
      assert.equal(res.body.startIndex, start);
      assert.equal(res.body.itemsPerPage, res.body.Resources.length);
      seen.push(...res.body.Resources.map((r: { userName: string }) => r.userName));
    }
    assert.deepEqual(seen, Array.from({ length: 7 }, (_, i) => `person${i}@acme.test`));
    const past = await scim("GET", `/Users?startIndex=100&count=3`);
    assert.equal(past.body.totalResults, 7);
    assert.deepEqual(past.body.Resources, []);
  });

  it("hands a linked member to the IdP the first time it writes to them, so the UI locks them", async () => {
    const { team, scim } = await setup("okta-link");
    await addMember(t.db, { teamId: team.id, email: "boss@okta-link.test", role: "OWNER", source: "MANUAL" }, testActor);
    const manual = await addMember(t.db, { teamId: team.id, email: "pat@okta-link.test", source: "MANUAL" }, testActor);
    // Reading (Okta's import) changes nothing.
    await scim("GET", `/Users/${manual.id}`);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: manual.id } })).source, "MANUAL");

    // Okta pushes the linked person's profile.
    const put = await scim("PUT", `/Users/${manual.id}`, { body: oktaUser("pat@okta-link.test", { name: { givenName: "pat", familyName: "Example" } }) });
    assert.equal(put.status, 200);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: manual.id } })).source, "SCIM");
    const linked = await t.db.auditEvent.findMany({ where: { targetId: manual.id, action: "member.linked_to_scim" } });
    assert.deepEqual(linked.map((e) => [e.actorType, e.details]), [["scim", { from: "MANUAL" }]]);

    const person = { type: "user" as const, userId: "someone", label: "an admin", mayManageOwners: false };
    await assert.rejects(updateMember(t.db, { teamId: team.id, membershipId: manual.id }, { status: "DEACTIVATED" }, person), ScimManagedError);
  });
});

describe("Okta: push new user, update, deactivate, reactivate", () => {
  it("filters, creates, reads back and refuses a duplicate in any case", async () => {
    const { scim } = await setup("okta-create");
    const email = "Jane.Doe@Example.com";
    const miss = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
    assert.equal(miss.body.totalResults, 0);

    const created = await scim("POST", "/Users", { body: oktaUser(email) });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get("location"), `${BASE}/Users/${created.body.id}`);
    assert.equal(created.headers.get("etag"), created.body.meta.version);
    assert.equal(created.body.active, true);
    assert.equal(created.body.userName, email);
    assert.deepEqual(created.body.emails, [{ value: email, type: "work", primary: true }]);
    assert.equal(created.body[ROLE_EXT].role, "member");
    assert.equal(created.body.password, undefined);

    const hit = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "jane.doe@example.com"')}`);
    assert.equal(hit.body.totalResults, 1, "userName filter is case-insensitive");

    const dup = await scim("POST", "/Users", { body: oktaUser("JANE.DOE@example.com") });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.scimType, "uniqueness");
    assert.equal(dup.body.status, "409");
  });

  it("never stores the password Okta sends", async () => {
    const { scim } = await setup("okta-password");
    const created = await scim("POST", "/Users", { body: oktaUser("pw@example.com") });
    const row = await t.db.membership.findUniqueOrThrow({ where: { id: created.body.id }, include: { user: true } });
    assert.equal(row.user.passwordHash, null);
  });

  it("applies a PUT profile update without touching the role", async () => {
    const { scim } = await setup("okta-put");
    const created = await scim("POST", "/Users", { body: oktaUser("put@example.com", { [ROLE_EXT]: { role: "admin" } }) });
    assert.equal(created.body[ROLE_EXT].role, "admin");
    const put = await scim("PUT", `/Users/${created.body.id}`, { body: { ...oktaUser("put@example.com"), id: created.body.id, name: { givenName: "Putty", familyName: "Renamed" } } });
    assert.equal(put.status, 200);
    assert.equal(put.body.name.givenName, "Putty");
    assert.equal(put.body[ROLE_EXT].role, "admin", "a PUT without a role keeps it");
    assert.notEqual(put.body.meta.version, created.body.meta.version);
  });

  it("deactivates by PATCH active:false (and by PUT), keeps the user readable and listed, and reactivates with the same role", async () => {
    const { team, scim } = await setup("okta-deactivate");
    await addMember(t.db, { teamId: team.id, email: "owner@okta-deactivate.test", role: "OWNER", source: "MANUAL" }, testActor);
    const created = await scim("POST", "/Users", { body: oktaUser("leaver@example.com", { [ROLE_EXT]: { role: "admin" } }) });
    const id = created.body.id;
    const off = await scim("PATCH", `/Users/${id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } });
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    const read = await scim("GET", `/Users/${id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.active, false);
    assert.deepEqual(off.body, read.body, "the PATCH answers with the resource as it now is, version included");
    const listed = await scim("GET", `/Users?filter=${encodeURIComponent("active eq false")}`);
    assert.deepEqual(listed.body.Resources.map((r: { id: string }) => r.id), [id]);

    const on = await scim("PATCH", `/Users/${id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: true } }] } });
    assert.equal(on.body.active, true);
    assert.equal(on.body[ROLE_EXT].role, "admin");

    const putOff = await scim("PUT", `/Users/${id}`, { body: { ...oktaUser("leaver@example.com"), active: false } });
    assert.equal(putOff.body.active, false);
    const actions = (await t.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } })).map((e) => [e.action, e.actorType]);
    assert.deepEqual(actions, [["member.added", "scim"], ["member.deactivated", "scim"], ["member.reactivated", "scim"], ["member.deactivated", "scim"]]);
  });

  it("blocks sign-in for a member the IdP deactivated", async () => {
    const { team, scim } = await setup("okta-lockout");
    const m = await addMember(t.db, { teamId: team.id, email: "local@lockout.test", role: "MEMBER", source: "MANUAL", passwordHash: await hashPassword("pw") }, testActor);
    assert.equal((await verifyCredentials(t.db, "local@lockout.test", "pw")).ok, true);
    await scim("PATCH", `/Users/${m.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "active", value: false }] } });
    assert.deepEqual(await verifyCredentials(t.db, "local@lockout.test", "pw"), { ok: false, reason: "deactivated" });
  });

  it("deletes with 204 and then answers 404", async () => {
    const { scim } = await setup("okta-delete");
    const created = await scim("POST", "/Users", { body: oktaUser("gone@example.com") });
    const del = await scim("DELETE", `/Users/${created.body.id}`);
    assert.equal(del.status, 204);
    assert.equal((await scim("GET", `/Users/${created.body.id}`)).status, 404);
    assert.equal((await scim("DELETE", `/Users/${created.body.id}`)).status, 404);
  });
});

describe("roles", () => {
  it("maps the extension attribute (colon path too) and core roles, case-insensitively; refuses unknown values", async () => {
    const { team, scim } = await setup("roles-map");
    await addMember(t.db, { teamId: team.id, email: "owner@roles-map.test", role: "OWNER", source: "MANUAL" }, testActor);
    const a = await scim("POST", "/Users", { body: oktaUser("a@roles.test", { [ROLE_EXT]: { role: "ADMIN" } }) });
    assert.equal(a.body[ROLE_EXT].role, "admin");
    const b = await scim("POST", "/Users", { body: oktaUser("b@roles.test", { roles: [{ value: "Owner", primary: true }] }) });
    assert.equal(b.body[ROLE_EXT].role, "owner");
    const patched = await scim("PATCH", `/Users/${a.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "Replace", path: `${ROLE_EXT}:role`, value: "member" }] } });
    assert.equal(patched.body[ROLE_EXT].role, "member");
    const bad = await scim("POST", "/Users", { body: oktaUser("c@roles.test", { [ROLE_EXT]: { role: "superuser" } }) });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.scimType, "invalidValue");
    assert.equal(await t.db.membership.count({ where: { userNameNormalized: "c@roles.test" } }), 0);
  });

  it("refuses to deactivate or demote the last active owner, with a clear detail, and changes nothing", async () => {
    const { scim } = await setup("roles-last-owner");
    const owner = await scim("POST", "/Users", { body: oktaUser("boss@example.com", { [ROLE_EXT]: { role: "owner" } }) });
    const off = await scim("PATCH", `/Users/${owner.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false, "name.givenName": "Changed" } }] } });
    assert.equal(off.status, 409);
    assert.match(off.body.detail, /at least one active owner/);
    const read = await scim("GET", `/Users/${owner.body.id}`);
    assert.equal(read.body.active, true);
    assert.equal(read.body.name.givenName, "boss");
  });
});

describe("tenant isolation", () => {
  it("never shows or changes another team's members", async () => {
    const a = await setup("iso-a");
    const b = await setup("iso-b");
    const inA = await a.scim("POST", "/Users", { body: oktaUser("shared@example.com") });
    const inB = await b.scim("POST", "/Users", { body: oktaUser("shared@example.com") });
    assert.equal(inB.status, 201, "the same person can be provisioned into two teams");
    assert.notEqual(inA.body.id, inB.body.id);
    assert.equal((await b.scim("GET", `/Users/${inA.body.id}`)).status, 404);
    assert.equal((await b.scim("PATCH", `/Users/${inA.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } })).status, 404);
    assert.equal((await b.scim("DELETE", `/Users/${inA.body.id}`)).status, 404);
    assert.equal((await b.scim("GET", "/Users")).body.totalResults, 1);
  });
});

describe("paging through a changing directory", () => {
  it("returns exactly what OFFSET would, page after page, also after members leave or join mid-import", async () => {
    const { team, scim } = await setup("paging-cursor");
    for (let i = 0; i < 12; i++) await addMember(t.db, { teamId: team.id, email: `p${String(i).padStart(2, "0")}@page.test`, source: "SCIM", role: i === 0 ? "OWNER" : "MEMBER" }, testActor);
    const page = async (start: number) => (await scim("GET", `/Users?startIndex=${start}&count=4`)).body;
    const names = (body: { Resources: { userName: string }[] }) => body.Resources.map((r) => r.userName);
    // The directory's order is by creation, then id: people added within one millisecond come in
    // id order, so the expected pages are cut from one whole listing rather than from the loop's.
    const all = names((await scim("GET", "/Users?count=100")).body);
    assert.deepEqual([...all].sort(), all.map((_, i) => `p${String(i).padStart(2, "0")}@page.test`));
    assert.deepEqual(names(await page(1)), all.slice(0, 4));
    assert.deepEqual(names(await page(5)), all.slice(4, 8));
    // The member at position 6 leaves: positions after it shift by one, exactly as OFFSET sees them.
    const leaving = (await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${all[5]}"`)}`)).body.Resources[0].id;
    assert.equal((await scim("DELETE", `/Users/${leaving}`)).status, 204);
    const remaining = all.filter((_, i) => i !== 5);
    const third = await page(9);
    assert.deepEqual(names(third), remaining.slice(8));
    assert.equal(third.totalResults, 11);
    // A newcomer appears at the end, and the totals follow.
    await scim("POST", "/Users", { body: oktaUser("p99@page.test") });
    const again = await page(9);
    assert.deepEqual(names(again), [...remaining.slice(8), "p99@page.test"]);
    assert.equal(again.totalResults, 12);
    // The same page asked twice in a row is answered the same (from the cursor the first made).
    assert.deepEqual(names(await page(5)), names(await page(5)));
  });
});

describe("directory pages after a cursor", () => {
  it("render every member exactly as GET /Users/{id} does, groups and names included", async () => {
    const { team, scim } = await setup("paging-raw");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await scim("POST", "/Users", { body: oktaUser(`raw${i}@page.test`, { [ROLE_EXT]: { role: i === 0 ? "owner" : "member" } }) })).body.id);
    }
    await addMember(t.db, { teamId: team.id, email: "odd-one", userName: "odd", source: "SCIM" }, testActor);
    await scim("POST", "/Groups", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "G1", members: [{ value: ids[3] }, { value: ids[4] }] } });
    // Several groups for one member: every view must list them in the same order.
    for (const name of ["G2", "G3", "G4"]) {
      await scim("POST", "/Groups", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: name, members: [{ value: ids[3] }] } });
    }
    const patched = await scim("PATCH", `/Users/${ids[4]}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } });
    assert.deepEqual(patched.body, (await scim("GET", `/Users/${ids[4]}`)).body, "a PATCH answers with the member's groups too");
    const seen: unknown[] = [];
    for (let start = 1; start <= 6; start += 2) seen.push(...(await scim("GET", `/Users?startIndex=${start}&count=2`)).body.Resources);
    assert.equal(seen.length, 6);
    for (const resource of seen as { id: string }[]) {
      const single = (await scim("GET", `/Users/${resource.id}`)).body;
      assert.deepEqual(resource, single);
    }
  });
});
