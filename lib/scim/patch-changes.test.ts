import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { groupPatchChanges, userPatchChanges } from "./patch-changes";
import type { ScimGroupInput } from "./group-resource";
import type { ScimUserInput } from "./user-resource";
import { PROFILE_TEXT_FIELDS } from "../members/profile";

const before = {
  ...(Object.fromEntries(PROFILE_TEXT_FIELDS.map((f) => [f, null])) as Record<(typeof PROFILE_TEXT_FIELDS)[number], null>),
  userName: "ann@x.test",
  email: "ann@x.test",
  externalId: "e1",
  displayName: "Ann",
  nameFormatted: "Ann Lee",
  givenName: "Ann",
  familyName: "Lee",
  profileLists: { emails: [{ value: "ann@x.test", type: "work", primary: true }] },
  roles: { extension: "ADMIN", core: "ADMIN" },
  status: "ACTIVE",
} satisfies ScimUserInput as ScimUserInput;

describe("userPatchChanges", () => {
  it("is empty when nothing changed, so the role's source is not re-stamped", () => {
    assert.deepEqual(userPatchChanges(before, { ...before }), {});
  });

  it("passes only the changed fields, clears included", () => {
    assert.deepEqual(userPatchChanges(before, { ...before, status: "DEACTIVATED", givenName: null }), { status: "DEACTIVATED", givenName: null });
  });

  it("passes a changed list whole, and not a reordering of keys", () => {
    const emails = [{ primary: true, type: "work", value: "ann@x.test" }];
    assert.deepEqual(userPatchChanges(before, { ...before, profileLists: { emails } }), {});
    const phones = { ...before.profileLists, phoneNumbers: [{ value: "+1 555", type: "work" }] };
    assert.deepEqual(userPatchChanges(before, { ...before, profileLists: phones }), { profileLists: phones });
  });

  it("takes the role from whichever form the PATCH wrote, the IdP's decision", () => {
    // Entra writes core roles; the rendered extension still says ADMIN and must not shadow it.
    assert.deepEqual(userPatchChanges(before, { ...before, roles: { extension: "ADMIN", core: "OWNER" } }), { role: "OWNER", roleSource: "SCIM" });
    assert.deepEqual(userPatchChanges(before, { ...before, roles: { extension: "MEMBER", core: "ADMIN" } }), { role: "MEMBER", roleSource: "SCIM" });
  });

  it("takes a role the PATCH stated unchanged as the IdP's decision, and only a stated one", () => {
    const written = (attr: string) => new Set([attr]);
    const EXT = "urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User";
    const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    assert.deepEqual(userPatchChanges(before, { ...before }, written(`${EXT}:role`)), { role: "ADMIN", roleSource: "SCIM" });
    assert.deepEqual(userPatchChanges(before, { ...before }, written(`${CORE}:roles`)), { role: "ADMIN", roleSource: "SCIM" });
    assert.deepEqual(userPatchChanges(before, { ...before }, written(`${CORE}:title`)), {});
  });

  it("hands the role back when the PATCH removed it", () => {
    assert.deepEqual(userPatchChanges(before, { ...before, roles: { extension: "ADMIN", core: null } }), { releaseRole: true });
    assert.deepEqual(userPatchChanges(before, { ...before, roles: { extension: undefined, core: "ADMIN" } }), { releaseRole: true });
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
