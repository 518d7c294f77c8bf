import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSamlProfile, rawValues } from "./profile";

describe("parseSamlProfile", () => {
  it("reads jackson's profile, one value or many, and drops fields of the wrong shape instead of failing", () => {
    const p = parseSamlProfile({ id: 7, email: " a@b.test ", firstName: { x: 1 }, roles: "admin", groups: ["g1", 2], raw: { role: "x" }, requested: { tenant: "t", extra: 1 } });
    assert.ok(p);
    assert.equal(p.id, "7");
    assert.equal(p.email, "a@b.test");
    assert.equal(p.firstName, undefined);
    assert.deepEqual(p.roles, ["admin"]);
    assert.deepEqual(p.groups, ["g1", "2"]);
    assert.equal(p.requested?.tenant, "t");
  });
  it("drops an over-long value and refuses what is not a profile", () => {
    assert.equal(parseSamlProfile({ email: "x".repeat(2000) })?.email, undefined);
    assert.equal(parseSamlProfile({ groups: Array.from({ length: 501 }, (_, i) => `g${i}`) })?.groups, undefined);
    assert.equal(parseSamlProfile("not a profile"), null);
    assert.equal(parseSamlProfile({ requested: { tenant: 5 } }), null);
  });
});

describe("parseSamlProfile: text the database cannot store", () => {
  it("turns a NUL or half a surrogate pair into U+FFFD anywhere in the profile, so no two values become one", () => {
    const p = parseSamlProfile({ email: "ann@acme.test", firstName: "Ann\u0000", lastName: "Lee\uD800", roles: ["a\u0000"], raw: { title: "x\u0000y", ["k\u0000"]: ["\uDC00z"], deep: { n: "\u0000" } }, requested: { tenant: "t" } });
    assert.ok(p);
    assert.equal(p.firstName, "Ann\uFFFD");
    assert.equal(p.lastName, "Lee\uFFFD");
    assert.deepEqual(p.roles, ["a\uFFFD"]);
    assert.deepEqual(p.raw, { title: "x\uFFFDy", ["k\uFFFD"]: ["\uFFFDz"], deep: { n: "\uFFFD" } });
    assert.equal(parseSamlProfile({ firstName: "Ann \uD83D\uDE00" })?.firstName, "Ann \uD83D\uDE00", "a whole pair is a character, kept");
  });
});

describe("rawValues", () => {
  it("reads text and numbers of the named attributes, trimmed, skipping empty and other values", () => {
    assert.deepEqual(rawValues({ raw: { a: [" x ", 3, { y: 1 }, ""], b: "z" } }, "a", "b", "missing"), ["x", "3", "z"]);
  });
});
