import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { movedPath } from "./moved-path";

describe("moved team paths", () => {
  it("keeps the page and query, swapping only the slug", () => {
    assert.equal(movedPath("/teams/old/audit?action=member.added", "old", "new"), "/teams/new/audit?action=member.added");
    assert.equal(movedPath("/teams/old", "old", "new"), "/teams/new");
    assert.equal(movedPath("/teams/old/groups/abc", "old", "new"), "/teams/new/groups/abc");
  });

  it("goes to the team's home when the path is unknown or another team's", () => {
    assert.equal(movedPath(null, "old", "new"), "/teams/new/members");
    assert.equal(movedPath("/teams/older/members", "old", "new"), "/teams/new/members");
  });
});
