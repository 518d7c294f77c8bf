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

describe("rawValues", () => {
  it("reads text and numbers of the named attributes, trimmed, skipping empty and other values", () => {
    assert.deepEqual(rawValues({ raw: { a: [" x ", 3, { y: 1 }, ""], b: "z" } }, "a", "b", "missing"), ["x", "3", "z"]);
  });
});
