import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { refusedOwnerChanges, roleChangesForMapping, type PreviewMember } from "./role-change-preview";

const m = (role: PreviewMember["role"], roleSource: PreviewMember["roleSource"], otherMappedRoles: PreviewMember["otherMappedRoles"] = []): PreviewMember => ({ role, roleSource, otherMappedRoles });

describe("roleChangesForMapping", () => {
  it("counts who a new mapping promotes, leaving the IdP's role attribute and equal roles alone", () => {
    const members = [m("MEMBER", "DEFAULT"), m("MEMBER", "MANUAL"), m("ADMIN", "MANUAL"), m("MEMBER", "SCIM")];
    assert.deepEqual(roleChangesForMapping(members, "ADMIN", "MEMBER"), [{ from: "MEMBER", to: "ADMIN", count: 2 }]);
  });

  it("a mapping to a lower role demotes, and the highest of a member's groups wins", () => {
    const members = [m("ADMIN", "MANUAL"), m("OWNER", "GROUP", ["OWNER"])];
    assert.deepEqual(roleChangesForMapping(members, "MEMBER", "MEMBER"), [{ from: "ADMIN", to: "MEMBER", count: 1 }]);
  });

  it("removing a mapping sends members the group decided back to the default, unless another group decides", () => {
    const members = [m("ADMIN", "GROUP"), m("ADMIN", "GROUP"), m("ADMIN", "GROUP", ["ADMIN"]), m("ADMIN", "MANUAL")];
    assert.deepEqual(roleChangesForMapping(members, null, "MEMBER"), [{ from: "ADMIN", to: "MEMBER", count: 2 }]);
  });

  it("nobody changes when the mapping is what decided them already", () => {
    assert.deepEqual(roleChangesForMapping([m("ADMIN", "GROUP")], "ADMIN", "MEMBER"), []);
  });
});

describe("refusedOwnerChanges", () => {
  const changes = [
    { from: "MEMBER" as const, to: "ADMIN" as const, count: 3 },
    { from: "OWNER" as const, to: "MEMBER" as const, count: 1 },
    { from: "ADMIN" as const, to: "OWNER" as const, count: 2 },
  ];
  it("an admin may not change an owner nor make one", () => {
    const admin = { type: "user" as const, userId: "u", label: "admin@x.test", mayManageOwners: false };
    assert.deepEqual(refusedOwnerChanges(changes, admin), changes.slice(1));
  });
  it("owners, the IdP and the system may", () => {
    assert.deepEqual(refusedOwnerChanges(changes, { type: "user", userId: "u", label: "owner@x.test", mayManageOwners: true }), []);
    assert.deepEqual(refusedOwnerChanges(changes, { type: "system", label: "cli" }), []);
  });
});
