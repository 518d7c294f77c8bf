import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AddMemberInput } from "../members/add-member";
import type { MemberWithUser } from "../members/types";
import type { MemberChanges } from "../members/update-member";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from "./constants";
import { ScimError, type ScimType } from "./errors";
import { applyPatch } from "./patch";
import { USER_RESOURCE } from "./resource-schemas";
import { fromScimUser, toScimUser } from "./user-resource";

const GH = GATEHOUSE_USER_SCHEMA;
const created = new Date("2024-01-02T03:04:05.000Z");
const updated = new Date("2024-06-07T08:09:10.000Z");

const member = (over: Partial<Omit<MemberWithUser, "user">> = {}, user: Partial<MemberWithUser["user"]> = {}): MemberWithUser => ({
  id: "m-1",
  teamId: "t-1",
  userId: "u-1",
  role: "ADMIN",
  roleSource: "GROUP",
  status: "ACTIVE",
  source: "SCIM",
  userName: "Ann.Lee@Example.test",
  userNameNormalized: "ann.lee@example.test",
  email: "ann.lee@example.test",
  emailNormalized: "ann.lee@example.test",
  externalId: "ext-1",
  displayName: "Ann",
  version: 3,
  deactivatedAt: null,
  lastLoginAt: null,
  createdAt: created,
  updatedAt: updated,
  ...over,
  user: {
    id: "u-1",
    email: "ann.lee@example.test",
    emailNormalized: "ann.lee@example.test",
    name: "Ann Lee",
    givenName: "Ann",
    familyName: "Lee",
    passwordHash: "secret-hash",
    createdAt: created,
    updatedAt: updated,
    ...user,
  },
});

const rejects = (json: unknown, scimType: ScimType, detail?: RegExp) =>
  assert.throws(
    () => fromScimUser(json),
    (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === scimType && (!detail || detail.test(e.detail)),
  );

describe("toScimUser", () => {
  it("renders the membership as a SCIM User", () => {
    assert.deepEqual(toScimUser(member(), "https://gh.example/api/scim/v2/"), {
      schemas: [USER_SCHEMA, GH],
      id: "m-1",
      externalId: "ext-1",
      userName: "Ann.Lee@Example.test",
      name: { formatted: "Ann Lee", givenName: "Ann", familyName: "Lee" },
      displayName: "Ann",
      emails: [{ value: "ann.lee@example.test", type: "work", primary: true }],
      active: true,
      roles: [{ value: "admin", primary: true }],
      [GH]: { role: "admin" },
      meta: {
        resourceType: "User",
        created: "2024-01-02T03:04:05.000Z",
        lastModified: "2024-06-07T08:09:10.000Z",
        location: "https://gh.example/api/scim/v2/Users/m-1",
        version: 'W/"3"',
      },
    });
  });

  it("leaves unassigned attributes out, never leaks the password hash, and shows deactivation", () => {
    const u = toScimUser(member({ externalId: null, displayName: null, status: "DEACTIVATED" }, { name: null, givenName: null, familyName: null }), "https://x");
    assert.equal("externalId" in u || "displayName" in u || "name" in u, false);
    assert.equal(u.active, false);
    assert.doesNotMatch(JSON.stringify(u), /secret-hash|passwordHash/);
  });

  it("lists the member's groups when given", () => {
    const u = toScimUser(member(), "https://x", { groups: [{ id: "g-1", displayName: "Eng" }] });
    assert.deepEqual(u.groups, [{ value: "g-1", $ref: "https://x/Groups/g-1", display: "Eng", type: "direct" }]);
  });
});

describe("fromScimUser", () => {
  it("reads an Okta-style create body", () => {
    const input = fromScimUser({
      schemas: [USER_SCHEMA],
      userName: "ann@x.test",
      name: { givenName: "Ann", familyName: "Lee" },
      emails: [{ primary: true, value: "ann@x.test", type: "work" }],
      displayName: "Ann Lee",
      locale: "en-US",
      externalId: "00u1",
      password: "ignored",
      active: true,
    });
    assert.deepEqual(input, {
      userName: "ann@x.test",
      email: "ann@x.test",
      externalId: "00u1",
      displayName: "Ann Lee",
      name: null,
      givenName: "Ann",
      familyName: "Lee",
      status: "ACTIVE",
    });
    // Fits both domain entry points.
    const changes: MemberChanges = input;
    const add: Omit<AddMemberInput, "teamId" | "source"> = input;
    assert.ok(changes && add);
  });

  it("reads Entra's string booleans and enterprise extension without complaint", () => {
    const input = fromScimUser({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: "bob@x.test",
      active: "False",
      emails: [{ primary: "True", type: "work", value: "Bob@X.test" }],
      [ENTERPRISE_USER_SCHEMA]: { department: "R&D", employeeNumber: 7 },
      roles: [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" }],
    });
    assert.equal(input.status, "DEACTIVATED");
    assert.equal(input.email, "Bob@X.test");
    assert.equal(input.role, "ADMIN");
    assert.equal(input.roleSource, "SCIM");
  });

  it("takes the role from the Gatehouse extension (nested or colon form) over roles[]", () => {
    assert.equal(fromScimUser({ userName: "a@x.test", [GH]: { role: "Owner" }, roles: [{ value: "member" }] }).role, "OWNER");
    assert.equal(fromScimUser({ userName: "a@x.test", [`${GH}:role`]: "member" }).role, "MEMBER");
    assert.equal(fromScimUser({ userName: "a@x.test", roles: [{ value: "member" }, { value: "admin", primary: true }] }).role, "ADMIN");
    assert.equal(fromScimUser({ userName: "a@x.test", roles: [{ value: "owner" }, { value: "member" }] }).role, "OWNER");
    assert.equal("role" in fromScimUser({ userName: "a@x.test" }), false);
    assert.equal("role" in fromScimUser({ userName: "a@x.test", roles: [] }), false);
    rejects({ userName: "a@x.test", [GH]: { role: "superuser" } }, "invalidValue", /Unknown role "superuser"/);
  });

  it("takes the primary email, else the first, else the userName, kept as sent", () => {
    assert.equal(fromScimUser({ userName: "ann@x.test" }).email, "ann@x.test");
    assert.equal(fromScimUser({ userName: "ann@x.test", emails: [{ value: "home@x.test" }, { value: "work@x.test", primary: true }] }).email, "work@x.test");
    assert.equal(fromScimUser({ userName: "ann" }).email, "ann");
    assert.equal(fromScimUser({ userName: "u1", emails: [{ value: "emailName357", Primary: true }] }).email, "emailName357");
  });

  it("maps blanks and absences to null (clear) but leaves role/status undefined (keep)", () => {
    const input = fromScimUser({ userName: "a@x.test", displayName: "  ", name: { formatted: "" } });
    assert.equal(input.displayName, null);
    assert.equal(input.name, null);
    assert.equal(input.externalId, null);
    assert.equal("status" in input, false);
  });

  it("reads attribute names case-insensitively", () => {
    const input = fromScimUser({ USERNAME: "a@x.test", Name: { GivenName: "A" }, ACTIVE: false });
    assert.equal(input.userName, "a@x.test");
    assert.equal(input.givenName, "A");
    assert.equal(input.status, "DEACTIVATED");
  });

  it("rejects bodies that are not Users", () => {
    rejects([], "invalidSyntax");
    rejects({}, "invalidValue", /userName/);
    rejects({ userName: "  " }, "invalidValue", /userName must not be empty/);
    rejects({ userName: "a@x.test", active: "maybe" }, "invalidValue", /active/);
    rejects({ userName: "a@x.test", emails: "a@x.test" }, "invalidValue", /emails/);
  });
});

describe("toScimUser → applyPatch → fromScimUser", () => {
  it("turns an Entra PATCH into domain changes", () => {
    const patched = applyPatch(
      toScimUser(member(), "https://x"),
      {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: "Replace", path: "active", value: "False" },
          { op: "Replace", path: 'emails[type eq "work"].value', value: "ann@new.test" },
          { op: "Remove", path: "name.givenName" },
          { op: "Add", path: `${ENTERPRISE_USER_SCHEMA}:department`, value: "R&D" },
          { op: "Replace", value: { [`${GH}:role`]: "member" } },
        ],
      },
      USER_RESOURCE,
    );
    assert.deepEqual(fromScimUser(patched), {
      userName: "Ann.Lee@Example.test",
      email: "ann@new.test",
      externalId: "ext-1",
      displayName: "Ann",
      name: "Ann Lee",
      givenName: null,
      familyName: "Lee",
      role: "MEMBER",
      roleSource: "SCIM",
      status: "DEACTIVATED",
    });
  });
});
