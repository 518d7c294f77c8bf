import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { groupPatchChanges, userPatchChanges } from "./patch-changes";
import type { ScimGroupInput } from "./group-resource";
import type { ScimUserInput } from "./user-resource";

const before: ScimUserInput = {
  userName: "ann@x.test",
  email: "ann@x.test",
  externalId: "e1",
  displayName: "Ann",
  name: "Ann Lee",
  givenName: "Ann",
  familyName: "Lee",
  role: "ADMIN",
  roleSource: "SCIM",
  status: "ACTIVE",
};

describe("userPatchChanges", () => {
  it("is empty when nothing changed, so the role's source is not re-stamped", () => {
    assert.deepEqual(userPatchChanges(before, { ...before }), {});
  });

  it("passes only the changed fields, clears included", () => {
    assert.deepEqual(userPatchChanges(before, { ...before, status: "DEACTIVATED", givenName: null }), { status: "DEACTIVATED", givenName: null });
  });

  it("marks a changed role as the IdP's decision", () => {
    assert.deepEqual(userPatchChanges(before, { ...before, role: "OWNER" }), { role: "OWNER", roleSource: "SCIM" });
  });

  it("keeps the role when the PATCH dropped it", () => {
    const { role: _r, roleSource: _s, ...withoutRole } = before;
    assert.deepEqual(userPatchChanges(before, withoutRole), {});
  });
});

describe("groupPatchChanges", () => {
  const g: ScimGroupInput = { displayName: "Eng", externalId: null, memberIds: ["a", "b"] };

  it("passes a rename and a different member set, not a reordering", () => {
    assert.deepEqual(groupPatchChanges(g, { ...g, memberIds: ["b", "a"] }), {});
    assert.deepEqual(groupPatchChanges(g, { ...g, displayName: "Platform", memberIds: ["a"] }), { displayName: "Platform", memberIds: ["a"] });
    assert.deepEqual(groupPatchChanges(g, { ...g, memberIds: [] }), { memberIds: [] });
    assert.deepEqual(groupPatchChanges(g, { ...g, externalId: "x" }), { externalId: "x" });
  });

  it("refuses to guess members when the group was loaded without them", () => {
    assert.throws(() => groupPatchChanges({ displayName: "Eng", externalId: null }, g), /load the group with its members/);
  });
});
