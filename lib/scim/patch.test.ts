import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from "./constants";
import { ScimError, type ScimType } from "./errors";
import { applyPatch } from "./patch";
import { GROUP_RESOURCE, USER_RESOURCE, type ScimResource } from "./resource-schemas";

const GH = GATEHOUSE_USER_SCHEMA;

const user = (): ScimResource => ({
  schemas: [USER_SCHEMA, GH],
  id: "m1",
  userName: "ann@x.test",
  name: { givenName: "Ann", familyName: "Lee", formatted: "Ann Lee" },
  displayName: "Ann",
  active: true,
  emails: [{ value: "ann@x.test", type: "work", primary: true }],
  roles: [{ value: "member", primary: true }],
  [GH]: { role: "member" },
  meta: { resourceType: "User", version: 'W/"1"' },
});

const group = (): ScimResource => ({
  schemas: [GROUP_SCHEMA],
  id: "g1",
  displayName: "Eng",
  members: [{ value: "m1", display: "Ann" }, { value: "m2" }],
  meta: { resourceType: "Group" },
});

const ops = (...operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: operations });
const patchUser = (...operations: unknown[]) => applyPatch(user(), ops(...operations), USER_RESOURCE);
const patchGroup = (...operations: unknown[]) => applyPatch(group(), ops(...operations), GROUP_RESOURCE);
const memberIds = (g: ScimResource) => (g.members as { value: string }[]).map((m) => m.value);

const rejects = (fn: () => unknown, scimType: ScimType, detail?: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === scimType && (!detail || detail.test(e.detail)));

describe("applyPatch: request shape", () => {
  it("accepts op in any case (Entra sends Replace) and a missing schemas", () => {
    assert.equal(patchUser({ op: "Replace", path: "displayName", value: "A" }).displayName, "A");
    assert.equal(applyPatch(user(), { Operations: [{ op: "REPLACE", path: "displayName", value: "B" }] }, USER_RESOURCE).displayName, "B");
  });

  it("rejects malformed requests as invalidSyntax", () => {
    rejects(() => applyPatch(user(), [], USER_RESOURCE), "invalidSyntax", /JSON object/);
    rejects(() => applyPatch(user(), { schemas: [USER_SCHEMA], Operations: [{ op: "add", path: "x", value: 1 }] }, USER_RESOURCE), "invalidSyntax", /PatchOp/);
    rejects(() => applyPatch(user(), ops(), USER_RESOURCE), "invalidSyntax", /non-empty/);
    rejects(() => patchUser({ op: "frobnicate", path: "active", value: false }), "invalidSyntax", /unknown op "frobnicate"/);
    rejects(() => patchUser({ path: "active", value: false }), "invalidSyntax", /unknown op/);
    rejects(() => patchUser({ op: "add", path: "displayName" }), "invalidSyntax", /needs a value/);
  });

  it("does not modify its input", () => {
    const before = user();
    const snapshot = structuredClone(before);
    applyPatch(before, ops({ op: "replace", path: "name.givenName", value: "Z" }, { op: "remove", path: "emails" }), USER_RESOURCE);
    assert.deepEqual(before, snapshot);
  });

  it("is all-or-nothing: a failing later op throws and names its index", () => {
    const input = user();
    rejects(
      () => applyPatch(input, ops({ op: "replace", path: "active", value: false }, { op: "replace", path: "bogus", value: 1 }), USER_RESOURCE),
      "invalidPath",
      /^Operations\[1\] \(replace\): /,
    );
    assert.equal(input.active, true);
  });
});

describe("applyPatch: single-valued attributes", () => {
  it("normalises Entra's string booleans for active, with and without a path", () => {
    assert.equal(patchUser({ op: "Replace", path: "active", value: "False" }).active, false);
    assert.equal(patchUser({ op: "replace", value: { active: "True" } }).active, true);
    assert.equal(patchUser({ op: "replace", value: { active: false } }).active, false);
    rejects(() => patchUser({ op: "replace", path: "active", value: "nope" }), "invalidValue", /true or false/);
  });

  it("sets sub-attributes by path, dotted key or nested object, leaving the others alone", () => {
    const expected = { givenName: "Zoe", familyName: "Lee", formatted: "Ann Lee" };
    assert.deepEqual(patchUser({ op: "replace", path: "name.givenName", value: "Zoe" }).name, expected);
    assert.deepEqual(patchUser({ op: "replace", value: { "name.givenName": "Zoe" } }).name, expected);
    assert.deepEqual(patchUser({ op: "replace", value: { name: { givenName: "Zoe" } } }).name, expected);
    assert.deepEqual(patchUser({ op: "replace", path: "name", value: { GivenName: "Zoe" } }).name, expected);
  });

  it("uses the canonical spelling for case-variant names instead of adding a second key", () => {
    const out = patchUser({ op: "replace", path: "USERNAME", value: "zoe@x.test" }, { op: "replace", value: { DisplayName: "Z" } });
    assert.equal(out.userName, "zoe@x.test");
    assert.equal(out.displayName, "Z");
    assert.equal("USERNAME" in out || "DisplayName" in out, false);
  });

  it("removes values, sub-attributes and treats null as unassigned", () => {
    assert.equal("displayName" in patchUser({ op: "remove", path: "displayName" }), false);
    assert.deepEqual(patchUser({ op: "remove", path: "name.givenName" }).name, { familyName: "Lee", formatted: "Ann Lee" });
    assert.equal("displayName" in patchUser({ op: "replace", path: "displayName", value: null }), false);
    assert.equal("name" in patchUser({ op: "remove", path: "name" }), false);
  });

  it("accepts unquoted numbers for strings and rejects objects", () => {
    assert.equal(patchUser({ op: "add", path: "externalId", value: 12345 }).externalId, "12345");
    rejects(() => patchUser({ op: "replace", path: "displayName", value: { a: 1 } }), "invalidValue", /must be a string/);
  });
});

describe("applyPatch: extensions", () => {
  it("sets the Gatehouse role by colon path, colon key, or nested URN object", () => {
    const role = (u: ScimResource) => (u[GH] as { role: string }).role;
    assert.equal(role(patchUser({ op: "replace", path: `${GH}:role`, value: "admin" })), "admin");
    assert.equal(role(patchUser({ op: "replace", value: { [`${GH}:role`]: "admin" } })), "admin");
    assert.equal(role(patchUser({ op: "replace", value: { [GH]: { role: "admin" } } })), "admin");
    assert.equal(role(patchUser({ op: "replace", path: GH, value: { role: "owner" } })), "owner");
    assert.equal(role(patchUser({ op: "replace", path: `${GH.toLowerCase()}:ROLE`, value: "owner" })), "owner");
  });

  it("reads the extension set to null as unassigned, as a PUT does: the extension goes, as with remove", () => {
    for (const op of [{ op: "replace", value: { [GH]: null } }, { op: "replace", path: GH, value: null }, { op: "add", path: GH, value: null }]) {
      const out = patchUser(op);
      assert.equal(out[GH], undefined, JSON.stringify(op));
      assert.deepEqual(out, patchUser({ op: "remove", path: GH }), JSON.stringify(op));
    }
  });

  it("refuses a User's list sent as a bare string, as POST and PUT do; a group's members may be bare ids", () => {
    rejects(() => patchUser({ op: "replace", path: "emails", value: "other@x.test" }), "invalidValue");
    rejects(() => patchUser({ op: "replace", value: { emails: "other@x.test" } }), "invalidValue");
    rejects(() => patchUser({ op: "replace", path: "roles", value: "admin" }), "invalidValue");
    rejects(() => patchUser({ op: "add", path: "phoneNumbers", value: ["+1 555"] }), "invalidValue");
    rejects(() => patchUser({ op: "remove", path: "emails", value: "ann@x.test" }), "invalidValue");
    assert.deepEqual(memberIds(patchGroup({ op: "add", path: "members", value: ["m3"] })), ["m1", "m2", "m3"]);
    assert.deepEqual(memberIds(patchGroup({ op: "remove", path: "members", value: "m1" })), ["m2"]);
  });

  it("creates the extension object and lists its schema when missing", () => {
    const bare = user();
    delete bare[GH];
    bare.schemas = [USER_SCHEMA];
    const out = applyPatch(bare, ops({ op: "add", path: `${GH}:role`, value: "admin" }), USER_RESOURCE);
    assert.deepEqual(out[GH], { role: "admin" });
    assert.deepEqual(out.schemas, [USER_SCHEMA, GH]);
  });

  it("keeps the attributes RFC 7643 defines, and drops only the password", () => {
    const out = patchUser(
      { op: "Add", path: `${ENTERPRISE_USER_SCHEMA}:department`, value: "R&D" },
      { op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "+1 555" },
      { op: "Add", value: { title: "Engineer", [`${ENTERPRISE_USER_SCHEMA}:manager`]: { value: "m9" }, [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 7 } } },
      { op: "replace", path: "password", value: "hunter2" },
    );
    assert.deepEqual(out[ENTERPRISE_USER_SCHEMA], { department: "R&D", manager: { value: "m9" }, employeeNumber: "7" });
    assert.deepEqual(out.phoneNumbers, [{ type: "work", value: "+1 555" }]);
    assert.equal(out.title, "Engineer");
    assert.equal("password" in out, false);
  });
});

describe("applyPatch: what the operations wrote", () => {
  const written = (...operations: unknown[]) => {
    const out = new Set<string>();
    applyPatch(user(), ops(...operations), USER_RESOURCE, out);
    return [...out].sort();
  };

  it("names each attribute an add or replace gave a value, in any spelling, changed or not", () => {
    assert.deepEqual(written({ op: "Replace", path: `${GH}:role`, value: "member" }), [`${GH}:role`]);
    assert.deepEqual(written({ op: "replace", value: { [GH]: { role: "member" } } }), [`${GH}:role`]);
    assert.deepEqual(written({ op: "replace", path: GH, value: { role: "member" } }), [`${GH}:role`]);
    assert.deepEqual(written({ op: "add", path: 'ROLES[primary eq "True"].value', value: "member" }), [`${USER_SCHEMA}:roles`]);
    assert.deepEqual(written({ op: "add", value: { "name.givenName": "Ann", ACTIVE: "True" } }), [`${USER_SCHEMA}:active`, `${USER_SCHEMA}:name`]);
  });

  it("names nothing for removals and nulls, nor for a PATCH that fails", () => {
    assert.deepEqual(written({ op: "remove", path: "roles" }, { op: "remove", path: GH }, { op: "replace", path: "title", value: null }), []);
    const out = new Set<string>();
    assert.throws(() => applyPatch(user(), ops({ op: "replace", path: "roles", value: [{ value: "admin" }] }, { op: "replace", path: "id", value: "x" }), USER_RESOURCE, out));
    assert.deepEqual([...out], []);
  });
});

describe("applyPatch: multi-valued attributes with filters", () => {
  it("replaces the work email's value (Entra's form)", () => {
    const out = patchUser({ op: "Replace", path: 'emails[type eq "work"].value', value: "zoe@x.test" });
    assert.deepEqual(out.emails, [{ value: "zoe@x.test", type: "work", primary: true }]);
  });

  it("accepts a filtered path as a key of a path-less value", () => {
    const out = patchUser({ op: "replace", value: { 'emails[type eq "work"].value': "zoe@x.test", "name.familyName": "Ng" } });
    assert.deepEqual(out.emails, [{ value: "zoe@x.test", type: "work", primary: true }]);
    assert.deepEqual(out.name, { givenName: "Ann", familyName: "Ng", formatted: "Ann Lee" });
  });

  it("adds the value a filter describes when none matches", () => {
    const out = patchUser({ op: "add", path: 'emails[type eq "home"].value', value: "ann@home.test" });
    assert.deepEqual(out.emails, [
      { value: "ann@x.test", type: "work", primary: true },
      { type: "home", value: "ann@home.test" },
    ]);
  });

  // Entra sends `replace emails[type eq "home"].value` for an address the app never had, and Okta
  // retries a member's removal after it went: both are what the IdP wants to hold afterwards.
  it("adds on replace of a value the filter describes, skips a remove that finds nothing, and refuses a replace it cannot describe", () => {
    const out = patchUser({ op: "replace", path: 'emails[type eq "home"].value', value: "x@y.z" });
    assert.deepEqual((out.emails as unknown[]).at(-1), { type: "home", value: "x@y.z" });
    assert.deepEqual(memberIds(patchGroup({ op: "remove", path: 'members[value eq "zz"]' })), ["m1", "m2"]);
    rejects(() => patchUser({ op: "replace", path: 'emails[value co "nobody"].type', value: "work" }), "noTarget", /emails/);
  });

  it("removes the filtered members (Okta's form), comparing ids exactly", () => {
    assert.deepEqual(memberIds(patchGroup({ op: "remove", path: 'members[value eq "m1"]' })), ["m2"]);
    assert.deepEqual(memberIds(patchGroup({ op: "remove", path: 'members[value eq "M1"]' })), ["m1", "m2"]);
  });

  it("rejects a filter on a single-valued attribute and a malformed filter as invalidPath", () => {
    rejects(() => patchUser({ op: "replace", path: 'name[givenName eq "x"].familyName', value: "y" }), "invalidPath", /not multi-valued/);
    rejects(() => patchUser({ op: "replace", path: 'emails[type eq work].value', value: "y" }), "invalidPath", /double quotes/);
    rejects(() => patchUser({ op: "replace", path: "emails[primary gt true].value", value: "y" }), "invalidPath");
  });
});

describe("applyPatch: multi-valued attributes without filters", () => {
  it("appends members without duplicates", () => {
    const out = patchGroup({ op: "Add", path: "members", value: [{ value: "m2" }, { value: "m3" }, { value: "m3" }] });
    assert.deepEqual(memberIds(out), ["m1", "m2", "m3"]);
    assert.deepEqual(memberIds(patchGroup({ op: "add", value: { members: [{ value: "m4" }] } })), ["m1", "m2", "m4"]);
    assert.deepEqual(memberIds(patchGroup({ op: "add", path: "members", value: { value: "m5" } })), ["m1", "m2", "m5"]);
  });

  it("replaces the whole list", () => {
    assert.deepEqual(memberIds(patchGroup({ op: "replace", path: "members", value: [{ value: "m3" }] })), ["m3"]);
    assert.deepEqual(memberIds(patchGroup({ op: "replace", path: "members", value: [] })), []);
  });

  it("removes the listed members (Entra's form), skipping ones already gone", () => {
    const out = patchGroup({ op: "Remove", path: "members", value: [{ value: "m1" }, { value: "gone" }] });
    assert.deepEqual(memberIds(out), ["m2"]);
  });

  it("empties the list on remove without a value, keeping [] so mappers see 'no members'", () => {
    assert.deepEqual(patchGroup({ op: "remove", path: "members" }).members, []);
  });

  it("requires a value on each member", () => {
    rejects(() => patchGroup({ op: "add", path: "members", value: [{ display: "x" }] }), "invalidValue", /needs a non-empty "value"/);
  });

  it("keeps one primary: a new primary email or role demotes the old", () => {
    const out = patchUser({ op: "add", path: "emails", value: [{ value: "new@x.test", type: "work", primary: "True" }] });
    assert.deepEqual(out.emails, [
      { value: "ann@x.test", type: "work", primary: false },
      { value: "new@x.test", type: "work", primary: true },
    ]);
    // Entra's app-role form.
    const roles = patchUser({ op: "Add", path: "roles", value: [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" }] }).roles;
    assert.deepEqual(roles, [
      { value: "member", primary: false },
      { primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" },
    ]);
  });

  it("merges an added email equal (ignoring case) to an existing one", () => {
    const out = patchUser({ op: "add", path: "emails", value: [{ value: "ANN@x.test", display: "Ann" }] });
    assert.deepEqual(out.emails, [{ value: "ANN@x.test", type: "work", primary: true, display: "Ann" }]);
  });
});

describe("applyPatch: errors for paths and read-only attributes", () => {
  it("rejects unknown attributes, sub-attributes and schemas as invalidPath", () => {
    rejects(() => patchUser({ op: "replace", path: "bogus", value: 1 }), "invalidPath", /"bogus" is not an attribute of User/);
    rejects(() => patchUser({ op: "replace", path: "name.nickname", value: 1 }), "invalidPath");
    rejects(() => patchUser({ op: "replace", path: "urn:example:custom:User:x", value: 1 }), "invalidPath", /schema/);
    rejects(() => patchUser({ op: "replace", value: { bogus: 1 } }), "invalidPath");
    rejects(() => patchGroup({ op: "replace", path: "userName", value: "x" }), "invalidPath", /Group/);
  });

  it("answers noTarget for remove without a path", () => {
    rejects(() => patchUser({ op: "remove" }), "noTarget", /needs a path/);
    rejects(() => patchUser({ op: "remove", path: "" }), "noTarget");
  });

  it("refuses read-only attributes, but lets Okta echo an unchanged id, schemas and meta", () => {
    rejects(() => patchUser({ op: "replace", path: "id", value: "other" }), "mutability");
    rejects(() => patchUser({ op: "replace", path: "meta.created", value: "2020-01-01" }), "mutability");
    rejects(() => patchUser({ op: "replace", value: { id: "other" } }), "mutability");
    rejects(() => patchUser({ op: "add", path: "groups", value: [{ value: "g1" }] }), "mutability");
    const out = patchGroup({ op: "replace", value: { id: "g1", displayName: "Platform", schemas: [GROUP_SCHEMA], meta: {} } });
    assert.equal(out.displayName, "Platform");
    assert.deepEqual(out.meta, { resourceType: "Group" });
  });
});
