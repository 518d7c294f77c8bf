import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, USER_SCHEMA } from "./constants";
import { GROUP_RESOURCE, USER_RESOURCE, canonicalize, findAttribute, findSchema, matchExtensionKey } from "./resource-schemas";

describe("resource schemas", () => {
  it("finds attributes case-insensitively and knows which are ignored", () => {
    assert.equal(findAttribute(USER_RESOURCE.core.attributes, "USERNAME")?.name, "userName");
    assert.equal(findAttribute(USER_RESOURCE.core.attributes, "password")?.ignored, true);
    assert.equal(findAttribute(USER_RESOURCE.core.attributes, "title")?.ignored, undefined);
    assert.equal(findAttribute(USER_RESOURCE.core.attributes, "bogus"), undefined);
    assert.equal(findAttribute(GROUP_RESOURCE.core.attributes, "members")?.multiValued, true);
  });

  it("resolves schema URNs: core, extension, unknown", () => {
    assert.equal(findSchema(USER_RESOURCE, undefined), undefined);
    assert.equal(findSchema(USER_RESOURCE, USER_SCHEMA.toLowerCase()), USER_RESOURCE.core);
    assert.equal(findSchema(USER_RESOURCE, GATEHOUSE_USER_SCHEMA)?.id, GATEHOUSE_USER_SCHEMA);
    assert.equal(findSchema(USER_RESOURCE, "urn:example:other"), null);
  });

  it("matches extension keys alone or with an attribute after a colon", () => {
    assert.equal(matchExtensionKey(USER_RESOURCE, GATEHOUSE_USER_SCHEMA)?.rest, undefined);
    assert.equal(matchExtensionKey(USER_RESOURCE, `${GATEHOUSE_USER_SCHEMA}:role`)?.rest, "role");
    assert.equal(matchExtensionKey(USER_RESOURCE, "userName"), undefined);
  });
});

describe("canonicalize", () => {
  it("fixes key case, folds colon-form extension and core-URN keys, keeps unknown keys", () => {
    const input = {
      UserName: "a",
      NAME: { GivenName: "A" },
      Emails: [{ VALUE: "a@x.test", Primary: true }],
      [`${GATEHOUSE_USER_SCHEMA}:Role`]: "admin",
      [`${USER_SCHEMA}:displayName`]: "Ann",
      custom: 1,
    };
    assert.deepEqual(canonicalize(USER_RESOURCE, input), {
      userName: "a",
      name: { givenName: "A" },
      emails: [{ value: "a@x.test", primary: true }],
      [GATEHOUSE_USER_SCHEMA]: { role: "admin" },
      displayName: "Ann",
      custom: 1,
    });
    assert.equal((input as Record<string, unknown>).userName, undefined, "input untouched");
  });

  it("merges the nested and colon forms of one extension", () => {
    const out = canonicalize(USER_RESOURCE, {
      [GATEHOUSE_USER_SCHEMA.toUpperCase()]: { ROLE: "member" },
      [`${GATEHOUSE_USER_SCHEMA}:role`]: "owner",
    });
    assert.deepEqual(out, { [GATEHOUSE_USER_SCHEMA]: { role: "owner" } });
  });

  it("reads one value of a list sent as the value itself as a list of it; a single-valued attribute and a non-object stay as sent", () => {
    assert.deepEqual(canonicalize(USER_RESOURCE, { Emails: { Value: "a@x.test", Primary: true }, name: { givenName: "A" }, roles: "admin", phoneNumbers: null }), {
      emails: [{ value: "a@x.test", primary: true }],
      name: { givenName: "A" },
      roles: "admin",
      phoneNumbers: null,
    });
    assert.deepEqual(canonicalize(GROUP_RESOURCE, { members: { value: "m1" } }), { members: [{ value: "m1" }] });
  });

  it("reads SCIM 1.1's enterprise URN and manager id as 2.0's, nested or colon-form", () => {
    const v11 = "urn:scim:schemas:extension:enterprise:1.0";
    assert.deepEqual(canonicalize(USER_RESOURCE, { [v11]: { department: "Ops", manager: { managerId: "m-1", displayName: "Ada" } }, [`${v11}:costCenter`]: "42" }), {
      [ENTERPRISE_USER_SCHEMA]: { department: "Ops", manager: { value: "m-1", displayName: "Ada" }, costCenter: "42" },
    });
    assert.equal(findSchema(USER_RESOURCE, v11)?.id, ENTERPRISE_USER_SCHEMA);
  });
});
