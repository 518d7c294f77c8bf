import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findKey, formatAttrPath, parseAttrPath, sameName } from "./attr-path";

describe("parseAttrPath", () => {
  it("reads attribute and sub-attribute", () => {
    assert.deepEqual(parseAttrPath("userName"), { attr: "userName" });
    assert.deepEqual(parseAttrPath("name.givenName"), { attr: "name", subAttr: "givenName" });
    assert.deepEqual(parseAttrPath("members.$ref"), { attr: "members", subAttr: "$ref" });
  });

  it("splits a schema URN off at the last colon, dots in the URN included", () => {
    assert.deepEqual(parseAttrPath("urn:ietf:params:scim:schemas:core:2.0:User:userName"), {
      schema: "urn:ietf:params:scim:schemas:core:2.0:User",
      attr: "userName",
    });
    assert.deepEqual(parseAttrPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"), {
      schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      attr: "manager",
      subAttr: "value",
    });
  });

  it("rejects what is not an attribute path", () => {
    for (const bad of ["", "a.b.c", "1abc", "user name", 'emails[type eq "work"]', "urn:x:"]) {
      assert.equal(parseAttrPath(bad), undefined, bad);
    }
  });
});

describe("name helpers", () => {
  it("compare and look up case-insensitively", () => {
    assert.equal(sameName("userName", "USERNAME"), true);
    assert.equal(sameName("userName", undefined), false);
    assert.equal(findKey({ UserName: 1 }, "userName"), "UserName");
    assert.equal(findKey({ a: 1, A: 2 }, "A"), "A");
    assert.equal(findKey({}, "x"), undefined);
  });

  it("formats a path back", () => {
    assert.equal(formatAttrPath({ schema: "urn:x:y", attr: "a", subAttr: "b" }), "urn:x:y:a.b");
  });
});
