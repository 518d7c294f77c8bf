import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import { adoptCanonicalKey, coerce, mergeComplex, setSub } from "./patch-values";
import { USER_RESOURCE, findAttribute } from "./resource-schemas";

const attr = (name: string) => findAttribute(USER_RESOURCE.core.attributes, name)!;
const sub = (name: string, s: string) => findAttribute(attr(name).subAttributes, s)!;
const invalidValue = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof ScimError && e.scimType === "invalidValue");

describe("coerce", () => {
  it("reads booleans leniently and numbers as strings", () => {
    assert.equal(coerce(attr("active"), "False", "active"), false);
    assert.equal(coerce(attr("externalId"), 42, "externalId"), "42");
    assert.equal(coerce(attr("userName"), "a", "userName"), "a");
  });

  it("rejects the wrong type", () => {
    invalidValue(() => coerce(attr("active"), "maybe", "active"));
    invalidValue(() => coerce(attr("userName"), true, "userName"));
    invalidValue(() => coerce(attr("userName"), Number.NaN, "userName"));
    invalidValue(() => coerce(attr("externalId"), 12345678901234567890123, "externalId"));
  });
});

describe("mergeComplex", () => {
  it("sets given sub-attributes in canonical spelling, unsets nulls, keeps the rest", () => {
    const name = attr("name");
    assert.deepEqual(mergeComplex(name, { givenName: "A", familyName: "B" }, { GIVENNAME: "Z", familyName: null, nickname: "x" }, "name"), {
      givenName: "Z",
      nickname: "x",
    });
    invalidValue(() => mergeComplex(name, {}, "Ann", "name"));
  });

  it("coerces typed sub-attributes", () => {
    assert.deepEqual(mergeComplex(attr("emails"), {}, { value: "a@x", primary: "True" }, "emails"), { value: "a@x", primary: true });
  });
});

describe("setSub and adoptCanonicalKey", () => {
  it("sets or removes one sub-attribute without touching the input", () => {
    const el = { Value: "a@x", type: "work" };
    assert.deepEqual(setSub(el, sub("emails", "value"), "b@x", "emails.value"), { type: "work", value: "b@x" });
    assert.deepEqual(setSub(el, sub("emails", "value"), undefined, "emails.value"), { type: "work" });
    assert.deepEqual(el, { Value: "a@x", type: "work" });
  });

  it("renames a case variant to the canonical key", () => {
    const holder: Record<string, unknown> = { UserName: "a" };
    adoptCanonicalKey(holder, "userName");
    assert.deepEqual(holder, { userName: "a" });
  });
});
