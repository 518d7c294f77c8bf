import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { GATEHOUSE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./constants";
import { isAttributeReturned, parseAttributeSelection, selectAttributes } from "./attributes";
import { GROUP_RESOURCE, USER_RESOURCE, type ScimResource } from "./resource-schemas";

const GH = GATEHOUSE_USER_SCHEMA;
const user: ScimResource = {
  schemas: [USER_SCHEMA, GH],
  id: "m-1",
  externalId: "e-1",
  userName: "ann@x.test",
  name: { givenName: "Ann", familyName: "Lee", formatted: "Ann Lee" },
  emails: [{ value: "ann@x.test", type: "work", primary: true }],
  active: true,
  [GH]: { role: "admin" },
  meta: { resourceType: "User", version: 'W/"1"' },
};
const group: ScimResource = {
  schemas: [GROUP_SCHEMA],
  id: "g-1",
  displayName: "Eng",
  members: [{ value: "m-1", display: "Ann" }],
  meta: { resourceType: "Group" },
};

const select = (query: string, resource = user, schema = USER_RESOURCE) =>
  selectAttributes(resource, parseAttributeSelection(new URLSearchParams(query), schema), schema);

describe("attributes=", () => {
  it("returns only what was asked, plus schemas and id", () => {
    assert.deepEqual(select("attributes=userName"), { schemas: [USER_SCHEMA, GH], id: "m-1", userName: "ann@x.test" });
    assert.deepEqual(select("attributes=USERNAME, active"), { schemas: [USER_SCHEMA, GH], id: "m-1", userName: "ann@x.test", active: true });
  });

  it("picks sub-attributes, of complex and multi-valued attributes alike", () => {
    assert.deepEqual(select("attributes=name.givenName,name.FamilyName,emails.value"), {
      schemas: [USER_SCHEMA, GH],
      id: "m-1",
      name: { givenName: "Ann", familyName: "Lee" },
      emails: [{ value: "ann@x.test" }],
    });
  });

  it("reads schema-qualified names and whole extensions", () => {
    assert.deepEqual(select(`attributes=${USER_SCHEMA}:userName,${GH}:role`), {
      schemas: [USER_SCHEMA, GH],
      id: "m-1",
      userName: "ann@x.test",
      [GH]: { role: "admin" },
    });
    assert.deepEqual(select(`attributes=${GH}`), { schemas: [USER_SCHEMA, GH], id: "m-1", [GH]: { role: "admin" } });
  });

  it("ignores names that match nothing", () => {
    assert.deepEqual(select("attributes=bogus,a.b.c,urn:x:y:z"), { schemas: [USER_SCHEMA, GH], id: "m-1" });
  });
});

describe("excludedAttributes=", () => {
  it("drops attributes and sub-attributes, but never id or schemas", () => {
    const out = select(`excludedAttributes=emails,name.formatted,id,schemas,${GH}`);
    assert.deepEqual(out, {
      schemas: [USER_SCHEMA, GH],
      id: "m-1",
      externalId: "e-1",
      userName: "ann@x.test",
      name: { givenName: "Ann", familyName: "Lee" },
      active: true,
      meta: { resourceType: "User", version: 'W/"1"' },
    });
  });

  it("drops group members (Entra's excludedAttributes=members)", () => {
    assert.equal("members" in select("excludedAttributes=members", group, GROUP_RESOURCE), false);
  });

  it("returns the resource unchanged without parameters", () => {
    assert.deepEqual(select(""), user);
  });
});

describe("isAttributeReturned", () => {
  const returned = (query: string) => isAttributeReturned(parseAttributeSelection(new URLSearchParams(query), GROUP_RESOURCE), "members");
  it("tells whether members need loading", () => {
    assert.equal(returned(""), true);
    assert.equal(returned("excludedAttributes=members"), false);
    assert.equal(returned("excludedAttributes=Members.display"), true);
    assert.equal(returned("attributes=displayName"), false);
    assert.equal(returned("attributes=displayName,members.value"), true);
  });
});

describe("attributes with a value filter", () => {
  it("selects the whole attribute when a value filter is attached to it", () => {
    const sel = parseAttributeSelection(new URLSearchParams({ attributes: 'emails[type eq "work"]' }), USER_RESOURCE);
    const out = selectAttributes({ schemas: ["s"], id: "1", userName: "u", emails: [{ value: "e", type: "work" }] }, sel, USER_RESOURCE);
    assert.deepEqual(out, { schemas: ["s"], id: "1", emails: [{ value: "e", type: "work" }] });
  });
});
