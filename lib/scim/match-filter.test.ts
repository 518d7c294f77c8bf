import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import { parseFilter } from "./filter";
import { matchesFilter } from "./match-filter";
import { GROUP_RESOURCE, USER_RESOURCE, findAttribute } from "./resource-schemas";

const emailSubs = findAttribute(USER_RESOURCE.core.attributes, "emails")!.subAttributes;
const memberSubs = findAttribute(GROUP_RESOURCE.core.attributes, "members")!.subAttributes;
const email = { value: "Ann@Example.test", type: "work", primary: true };
const matches = (filter: string, el: Record<string, unknown> = email, subs = emailSubs) => matchesFilter(el, parseFilter(filter), subs);

describe("matchesFilter", () => {
  it("compares strings ignoring case unless the sub-attribute is caseExact", () => {
    assert.equal(matches('type eq "WORK"'), true);
    assert.equal(matches('value co "example"'), true);
    assert.equal(matches('value eq "x"'), false);
    assert.equal(matches('value eq "ABC"', { value: "abc" }, memberSubs), false);
    assert.equal(matches('value eq "abc"', { value: "abc" }, memberSubs), true);
  });

  it("reads attribute names case-insensitively and booleans leniently", () => {
    assert.equal(matches('TYPE eq "work"', { Type: "work" }), true);
    assert.equal(matches("primary eq true", { primary: "True" }), true);
    assert.equal(matches('primary eq "true"'), true);
    assert.equal(matches("primary eq false"), false);
  });

  it("handles and/or/not and pr", () => {
    assert.equal(matches('type eq "work" and primary eq true'), true);
    assert.equal(matches('type eq "home" or value sw "ann"'), true);
    assert.equal(matches('not (type eq "work")'), false);
    assert.equal(matches("display pr"), false);
    assert.equal(matches("value pr"), true);
  });

  // RFC 7643 §2.4: "If not specified, the value of primary SHALL be assumed to be false"; stored
  // lists keep only primary true, so `primary eq false` matched no value before.
  it("reads a value without primary as primary false, though primary is not present on it", () => {
    const other = { value: "ann@home.test", type: "home" };
    assert.equal(matches("primary eq false", other), true);
    assert.equal(matches('primary eq "False"', other), true);
    assert.equal(matches("primary eq true", other), false);
    assert.equal(matches("primary ne true", other), true);
    assert.equal(matches('type eq "home" and primary eq false', other), true);
    assert.equal(matches("primary pr", other), false);
    assert.equal(matches("not (primary pr)", other), true);
  });

  it("rejects meaningless comparisons", () => {
    assert.throws(() => matches("primary gt true"), ScimError);
  });
});
