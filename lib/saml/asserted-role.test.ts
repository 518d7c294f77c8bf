import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assertedRole, cappedRole, namesRole } from "./asserted-role";

describe("asserted roles", () => {
  it("reads role names in any case and padding, and ignores other values", () => {
    assert.equal(namesRole(" admin "), true);
    assert.equal(namesRole("staff"), false);
    assert.equal(assertedRole(["staff", " Member "]), "MEMBER");
    assert.equal(assertedRole(["staff"]), null);
  });
  it("takes the highest named role, never above Admin", () => {
    assert.equal(assertedRole(["member", "ADMIN"]), "ADMIN");
    assert.equal(assertedRole(["owner"]), "ADMIN");
    assert.equal(cappedRole(["OWNER", "MEMBER"]), "ADMIN");
    assert.equal(cappedRole([]), null);
  });
});
