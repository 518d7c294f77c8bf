import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { breaksLastOwnerRule } from "./owner-rule";

const activeOwner = { role: "OWNER", status: "ACTIVE" } as const;

describe("breaksLastOwnerRule", () => {
  it("refuses demoting, deactivating or removing the only active owner", () => {
    assert.equal(breaksLastOwnerRule(activeOwner, { role: "ADMIN", status: "ACTIVE" }, 0), true);
    assert.equal(breaksLastOwnerRule(activeOwner, { role: "OWNER", status: "DEACTIVATED" }, 0), true);
    assert.equal(breaksLastOwnerRule(activeOwner, null, 0), true);
  });

  it("allows the same changes while another active owner remains", () => {
    assert.equal(breaksLastOwnerRule(activeOwner, { role: "MEMBER", status: "ACTIVE" }, 1), false);
    assert.equal(breaksLastOwnerRule(activeOwner, null, 2), false);
  });

  it("never blocks changes to members who are not active owners", () => {
    assert.equal(breaksLastOwnerRule({ role: "OWNER", status: "DEACTIVATED" }, null, 0), false);
    assert.equal(breaksLastOwnerRule({ role: "ADMIN", status: "ACTIVE" }, { role: "MEMBER", status: "DEACTIVATED" }, 0), false);
  });

  it("allows an owner to stay an active owner while other fields change", () => {
    assert.equal(breaksLastOwnerRule(activeOwner, activeOwner, 0), false);
  });
});
