import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { GroupChanges } from "../groups/update-group";
import type { GroupWithMembers } from "../groups/types";
import { GROUP_SCHEMA, PATCH_OP_SCHEMA } from "./constants";
import { ScimError } from "./errors";
import { fromScimGroup, toScimGroup, type GroupForScim } from "./group-resource";
import { applyPatch } from "./patch";
import { GROUP_RESOURCE } from "./resource-schemas";

const created = new Date("2024-01-01T00:00:00.000Z");
const updated = new Date("2024-02-01T00:00:00.000Z");
const group: GroupForScim = {
  id: "g-1",
  displayName: "Eng",
  externalId: "okta-1",
  version: 4,
  createdAt: created,
  updatedAt: updated,
  members: [
    { membershipId: "m-1", membership: { userName: "ann@x.test", displayName: "Ann" } },
    { membershipId: "m-2", membership: { userName: "bob@x.test", displayName: "Bob" } },
    { membershipId: "m-3", membership: { userName: "cy@x.test", displayName: null } },
  ],
};

const invalidValue = (json: unknown, detail: RegExp) =>
  assert.throws(() => fromScimGroup(json), (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === "invalidValue" && detail.test(e.detail));

describe("toScimGroup", () => {
  it("renders the group with members linked to /Users", () => {
    assert.deepEqual(toScimGroup(group, "https://gh.example/api/scim/v2/"), {
      schemas: [GROUP_SCHEMA],
      id: "g-1",
      externalId: "okta-1",
      displayName: "Eng",
      members: [
        { value: "m-1", $ref: "https://gh.example/api/scim/v2/Users/m-1", display: "Ann", type: "User" },
        { value: "m-2", $ref: "https://gh.example/api/scim/v2/Users/m-2", display: "Bob", type: "User" },
        { value: "m-3", $ref: "https://gh.example/api/scim/v2/Users/m-3", display: "cy@x.test", type: "User" },
      ],
      meta: {
        resourceType: "Group",
        created: "2024-01-01T00:00:00.000Z",
        lastModified: "2024-02-01T00:00:00.000Z",
        location: "https://gh.example/api/scim/v2/Groups/g-1",
        version: 'W/"4"',
      },
    });
  });

  it("leaves members out when excluded or not loaded, and shows an empty group as []", () => {
    assert.equal("members" in toScimGroup(group, "https://x", { excludeMembers: true }), false);
    const { members: _, ...withoutMembers } = group;
    assert.equal("members" in toScimGroup(withoutMembers, "https://x"), false);
    assert.deepEqual(toScimGroup({ ...group, members: [], externalId: null }, "https://x").members, []);
  });

  it("accepts lib/groups' GroupWithMembers", () => {
    const fits = (g: GroupWithMembers): GroupForScim => g;
    assert.equal(typeof fits, "function");
  });
});

describe("fromScimGroup", () => {
  it("reads an unquoted externalId as its digits, and refuses one JSON.parse has rounded", () => {
    assert.equal(fromScimGroup({ displayName: "Eng", externalId: 4242 }).externalId, "4242");
    invalidValue({ displayName: "Eng", externalId: 98765432109876543210 }, /externalId: is a number whose digits may not be kept/);
  });

  it("reads Okta's push body", () => {
    const input = fromScimGroup({ schemas: [GROUP_SCHEMA], displayName: " Eng ", members: [{ value: "m-1", display: "Ann" }, { value: "m-1" }, { value: "m-2" }] });
    assert.deepEqual(input, { displayName: "Eng", externalId: null, memberIds: ["m-1", "m-2"] });
    const changes: GroupChanges = input;
    assert.ok(changes);
  });

  it("tells 'no members sent' (undefined) from 'no members' ([])", () => {
    assert.equal("memberIds" in fromScimGroup({ displayName: "Eng" }), false);
    assert.deepEqual(fromScimGroup({ displayName: "Eng", members: [] }).memberIds, []);
    assert.deepEqual(fromScimGroup({ displayName: "Eng", members: null }).memberIds, []);
  });

  it("reads names case-insensitively and externalId leniently", () => {
    assert.deepEqual(fromScimGroup({ DisplayName: "Eng", EXTERNALID: 42, Members: [{ Value: "m-1" }] }), {
      displayName: "Eng",
      externalId: "42",
      memberIds: ["m-1"],
    });
  });

  it("rejects bodies that are not Groups", () => {
    invalidValue({}, /displayName/);
    invalidValue({ displayName: "" }, /displayName must not be empty/);
    invalidValue({ displayName: "Eng", members: [{ display: "Ann" }] }, /members\.0\.value/);
    invalidValue({ displayName: "Eng", members: [{ value: " " }] }, /must not be empty/);
    assert.throws(() => fromScimGroup("Eng"), (e: unknown) => e instanceof ScimError && e.scimType === "invalidSyntax");
  });
});

describe("toScimGroup → applyPatch → fromScimGroup", () => {
  it("gives the complete new member list after Entra's add and remove", () => {
    const patched = applyPatch(
      toScimGroup(group, "https://x"),
      {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: "Add", path: "members", value: [{ value: "m-4" }] },
          { op: "Remove", path: "members", value: [{ value: "m-1" }] },
          { op: "Replace", path: "displayName", value: "Platform" },
        ],
      },
      GROUP_RESOURCE,
    );
    assert.deepEqual(fromScimGroup(patched), { displayName: "Platform", externalId: "okta-1", memberIds: ["m-2", "m-3", "m-4"] });
  });
});
