import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { highestRole, roleFromGroups } from "./role-precedence";

describe("role precedence", () => {
  it("picks the highest mapped role", () => {
    assert.equal(highestRole(["MEMBER", "ADMIN"]), "ADMIN");
    assert.equal(highestRole(["OWNER", "MEMBER"]), "OWNER");
    assert.equal(highestRole([]), null);
  });

  it("never overrides the IdP's explicit role attribute", () => {
    assert.equal(roleFromGroups({ role: "MEMBER", roleSource: "SCIM" }, ["ADMIN"], "MEMBER"), null);
  });

  it("lets a mapped group override a manual or default role", () => {
    assert.deepEqual(roleFromGroups({ role: "MEMBER", roleSource: "DEFAULT" }, ["ADMIN"], "MEMBER"), { role: "ADMIN", roleSource: "GROUP" });
    assert.deepEqual(roleFromGroups({ role: "OWNER", roleSource: "MANUAL" }, ["MEMBER"], "MEMBER"), { role: "MEMBER", roleSource: "GROUP" });
  });

  it("leaves a role already decided by the same groups alone", () => {
    assert.equal(roleFromGroups({ role: "ADMIN", roleSource: "GROUP" }, ["ADMIN", "MEMBER"], "MEMBER"), null);
  });

  it("falls back to the team default when the last mapped group goes, and not otherwise", () => {
    assert.deepEqual(roleFromGroups({ role: "ADMIN", roleSource: "GROUP" }, [], "MEMBER"), { role: "MEMBER", roleSource: "DEFAULT" });
    assert.equal(roleFromGroups({ role: "ADMIN", roleSource: "MANUAL" }, [], "MEMBER"), null);
  });
});
