import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { roleWithArticle } from "./role-phrase";

describe("roleWithArticle", () => {
  it("says an owner, an admin, a member", () => {
    assert.equal(roleWithArticle("OWNER"), "an owner");
    assert.equal(roleWithArticle("ADMIN"), "an admin");
    assert.equal(roleWithArticle("MEMBER"), "a member");
  });
});
