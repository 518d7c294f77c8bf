import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isEmail, normalizeEmail, normalizeUserName } from "./normalize";

describe("identity normalisation", () => {
  it("compares emails and userNames case-insensitively, ignoring surrounding spaces", () => {
    assert.equal(normalizeEmail("  Jane.Doe@Example.COM "), "jane.doe@example.com");
    assert.equal(normalizeUserName("JDoe@Acme.test"), "jdoe@acme.test");
  });

  it("accepts ordinary addresses and rejects obvious non-addresses", () => {
    assert.equal(isEmail("a.b+tag@sub.example.co"), true);
    for (const bad of ["", "plain", "a@b", "a b@c.d", "@c.d"]) assert.equal(isEmail(bad), false, bad);
  });
});
