import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import {
  MAX_EMAIL_LENGTH,
  MAX_JSON_DEPTH,
  MAX_NAME_LENGTH,
  MAX_QUERY_PARAM_LENGTH,
  MAX_VALUE_LENGTH,
  assertBodyLimits,
  assertJsonDepth,
  assertPathParams,
  assertQueryLimits,
  attributePathSegments,
  isResourceId,
  limitFor,
} from "./limits";

const refused = (fn: () => void, scimType = "invalidValue", detail?: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === scimType && (!detail || detail.test(e.detail)));

const nest = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("assertJsonDepth", () => {
  it("accepts nesting up to the bound and refuses deeper, without parsing", () => {
    assertJsonDepth(nest(MAX_JSON_DEPTH));
    refused(() => assertJsonDepth(nest(MAX_JSON_DEPTH + 1)), "invalidValue", /nested deeper/);
    // 10,000 levels, even unterminated: counted on the text, so nothing recursive ever sees it.
    refused(() => assertJsonDepth('{"a":'.repeat(10_000)));
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    assertJsonDepth(JSON.stringify({ a: "[[[[[[[[[[[[[[[[[[[[", b: '\\"{{{{{{{{{{{{{{{{{{{{' }));
  });
});

describe("limitFor / attributePathSegments", () => {
  it("reads keys, dotted paths, extension URNs and value filters as attribute names", () => {
    assert.deepEqual(attributePathSegments("name.givenName"), ["name", "givenname"]);
    assert.deepEqual(attributePathSegments('emails[type eq "work"].value'), ["emails", "value"]);
    assert.deepEqual(attributePathSegments("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"), ["manager", "value"]);
    assert.deepEqual(attributePathSegments("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"), []);
    assert.deepEqual(attributePathSegments('members[value eq "a]b.c"]'), ["members"]);
  });

  it("has 256 for names, 320 for emails and 1,024 for the rest; parent.child wins over child", () => {
    assert.equal(limitFor(["username"]), MAX_EMAIL_LENGTH);
    assert.equal(limitFor(["emails", "value"]), MAX_EMAIL_LENGTH);
    assert.equal(limitFor(["name", "givenname"]), MAX_NAME_LENGTH);
    assert.equal(limitFor(["name", "formatted"]), MAX_NAME_LENGTH);
    assert.equal(limitFor(["addresses", "formatted"]), MAX_VALUE_LENGTH);
    assert.equal(limitFor(["displayname"]), MAX_NAME_LENGTH);
    assert.equal(limitFor(["department"]), MAX_NAME_LENGTH);
    assert.equal(limitFor(["manager", "displayname"]), MAX_NAME_LENGTH);
    assert.equal(limitFor(["password"]), MAX_VALUE_LENGTH);
    assert.equal(limitFor([]), MAX_VALUE_LENGTH);
  });
});

describe("assertBodyLimits", () => {
  const user = (extra: Record<string, unknown>) => ({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "a@b.c", ...extra });

  it("accepts ordinary bodies and values at their limit", () => {
    assertBodyLimits(user({ displayName: "x".repeat(MAX_NAME_LENGTH), emails: [{ value: `${"e".repeat(MAX_EMAIL_LENGTH - 4)}@b.c` }] }));
  });

  // Found by fuzzing: {"active": true, "Active": false} was taken as its last key said.
  it("refuses an attribute written twice in different case, at any depth", () => {
    assert.throws(() => assertBodyLimits(user({ UserName: "b@b.c" })), (e: unknown) => e instanceof ScimError && e.status === 400 && /"UserName" appears twice/.test(e.detail));
    assert.throws(() => assertBodyLimits(user({ name: { givenName: "A", GivenName: "B" } })), /name.GivenName" appears twice/);
    assert.throws(() => assertBodyLimits({ Operations: [{ op: "replace", value: { active: true, Active: false } }] }), /appears twice/);
    assertBodyLimits(user({ name: { givenName: "A" }, emails: [{ value: "a@b.c", type: "work" }, { value: "b@b.c", type: "home" }] }));
  });

  // Found by a review: 150 emoji (300 UTF-16 code units) were "longer than 256 characters".
  it("counts characters, not UTF-16 code units", () => {
    assertBodyLimits(user({ displayName: "😀".repeat(MAX_NAME_LENGTH) }));
    assert.throws(() => assertBodyLimits(user({ displayName: "😀".repeat(MAX_NAME_LENGTH + 1) })), /longer than 256 characters/);
  });

  it("refuses a value one past its attribute's limit, wherever the attribute is written", () => {
    const long = (n: number) => "x".repeat(n + 1);
    const bodies: unknown[] = [
      user({ userName: long(MAX_EMAIL_LENGTH) }),
      user({ externalId: long(MAX_NAME_LENGTH) }),
      user({ name: { givenName: long(MAX_NAME_LENGTH) } }),
      user({ emails: [{ value: long(MAX_EMAIL_LENGTH) }] }),
      user({ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: long(MAX_NAME_LENGTH) } }),
      user({ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { displayName: long(MAX_NAME_LENGTH) } } }),
      user({ password: long(MAX_VALUE_LENGTH) }),
      { displayName: long(MAX_NAME_LENGTH) },
      { displayName: "g", members: [{ value: long(MAX_NAME_LENGTH) }] },
      // PATCH: by the operation's path, by path-less keys, by extension URN keys.
      { Operations: [{ op: "replace", path: "userName", value: long(MAX_EMAIL_LENGTH) }] },
      { Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: long(MAX_EMAIL_LENGTH) }] },
      { Operations: [{ op: "replace", path: "name", value: { familyName: long(MAX_NAME_LENGTH) } }] },
      { Operations: [{ op: "replace", value: { "name.givenName": long(MAX_NAME_LENGTH) } }] },
      { Operations: [{ op: "replace", value: { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": long(MAX_NAME_LENGTH) } }] },
      { Operations: [{ op: "add", path: "members", value: [{ value: long(MAX_NAME_LENGTH) }] }] },
      { Operations: [{ op: "add", path: long(1024), value: "x" }] },
    ];
    for (const body of bodies) refused(() => assertBodyLimits(body), "invalidValue", /longer than/);
  });

  it("refuses U+0000 in any value or key", () => {
    refused(() => assertBodyLimits(user({ userName: "a\u0000b" })), "invalidValue", /U\+0000/);
    refused(() => assertBodyLimits(user({ emails: [{ value: "\u0000" }] })), "invalidValue", /U\+0000/);
    refused(() => assertBodyLimits({ Operations: [{ op: "add", path: "x\u0000", value: 1 }] }), "invalidValue", /U\+0000/);
    refused(() => assertBodyLimits(user({ "a\u0000": 1 })), "invalidValue", /U\+0000/);
  });

  it("refuses an unpaired surrogate in any value or key (PostgreSQL's json refuses it), keeps a paired one", () => {
    for (const lone of ["\ud800", "a\udfffb", "\udc00\ud800"]) {
      refused(() => assertBodyLimits(user({ displayName: lone })), "invalidValue", /unpaired surrogate/);
      refused(() => assertBodyLimits({ Operations: [{ op: "add", path: 'emails[type eq "work"].value', value: lone }] }), "invalidValue", /unpaired surrogate/);
      refused(() => assertBodyLimits(user({ [`x${lone}`]: 1 })), "invalidValue", /unpaired surrogate/);
    }
    assertBodyLimits(user({ displayName: "𝒜da" }));
  });

  it("refuses __proto__, constructor and prototype as keys at any depth", () => {
    for (const key of ["__proto__", "constructor", "prototype", "Constructor"]) {
      refused(() => assertBodyLimits(JSON.parse(`{"userName":"a","name":{"${key}":{"givenName":"x"}}}`)), "invalidValue", /not an attribute name/);
      refused(() => assertBodyLimits(JSON.parse(`{"Operations":[{"op":"add","value":{"${key}":{"userName":"x"}}}]}`)));
    }
  });
});

describe("query and path limits", () => {
  it("refuses U+0000 and overlong query values; a filter's as invalidFilter", () => {
    refused(() => assertQueryLimits(new URLSearchParams({ filter: 'userName eq "\u0000"' })), "invalidFilter");
    refused(() => assertQueryLimits(new URLSearchParams({ attributes: "x".repeat(MAX_QUERY_PARAM_LENGTH + 1) })), "invalidValue");
    assertQueryLimits(new URLSearchParams({ filter: 'userName eq "a"', count: "10" }));
  });

  it("refuses U+0000 and overlong path segments", () => {
    refused(() => assertPathParams({ id: "\u0000" }));
    refused(() => assertPathParams({ rest: ["a", "b\u0000"] }));
    refused(() => assertPathParams({ id: "x".repeat(257) }));
    assertPathParams({ id: "urn:ietf:params:scim:schemas:core:2.0:User" });
  });

  it("knows a resource id by its UUID shape", () => {
    assert.equal(isResourceId("0b8f6b0e-3c1a-4d3b-9c55-5b0d1c8e2f10"), true);
    for (const bad of ["", "abc", "0b8f6b0e-3c1a-4d3b-9c55-5b0d1c8e2f1", "0b8f6b0e-3c1a-4d3b-9c55-5b0d1c8e2f10 ", "%"]) assert.equal(isResourceId(bad), false, bad);
  });
});
