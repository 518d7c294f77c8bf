import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PROFILE_TEXT_FIELDS } from "../members/profile";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from "./constants";
import { ScimError, type ScimType } from "./errors";
import { applyPatch } from "./patch";
import { USER_RESOURCE } from "./resource-schemas";
import { fromScimUser, roleFromBody, toScimUser, type ScimUserSource } from "./user-resource";

const GH = GATEHOUSE_USER_SCHEMA;
const created = new Date("2024-01-02T03:04:05.000Z");
const updated = new Date("2024-06-07T08:09:10.000Z");

const NO_PROFILE = Object.fromEntries(PROFILE_TEXT_FIELDS.map((f) => [f, null])) as Record<(typeof PROFILE_TEXT_FIELDS)[number], null>;

const member = (over: Partial<ScimUserSource> = {}): ScimUserSource => ({
  ...NO_PROFILE,
  id: "m-1",
  role: "ADMIN",
  status: "ACTIVE",
  userName: "Ann.Lee@Example.test",
  email: "ann.lee@example.test",
  externalId: "ext-1",
  displayName: "Ann",
  nameFormatted: "Ann Lee",
  givenName: "Ann",
  familyName: "Lee",
  profileLists: { emails: [{ value: "ann.lee@example.test", type: "work", primary: true }] },
  version: 3,
  createdAt: created,
  updatedAt: updated,
  ...over,
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
    const u = toScimUser(member({ externalId: null, displayName: null, status: "DEACTIVATED", nameFormatted: null, givenName: null, familyName: null, profileLists: {} }), "https://x");
    assert.equal("externalId" in u || "displayName" in u || "name" in u || "emails" in u || ENTERPRISE_USER_SCHEMA in u, false);
    assert.deepEqual(u.schemas, [USER_SCHEMA, GH]);
    assert.equal(u.active, false);
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
      ...NO_PROFILE,
      userName: "ann@x.test",
      email: "ann@x.test",
      externalId: "00u1",
      displayName: "Ann Lee",
      givenName: "Ann",
      familyName: "Lee",
      locale: "en-US",
      profileLists: { emails: [{ value: "ann@x.test", type: "work", primary: true }] },
      roles: { extension: undefined, core: undefined },
      status: "ACTIVE",
    });
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
    assert.equal(roleFromBody(input), "ADMIN");
    assert.equal(input.department, "R&D");
    assert.equal(input.employeeNumber, "7");
  });

  it("takes the role from the Gatehouse extension (nested or colon form) over roles[]", () => {
    const role = (body: object) => roleFromBody(fromScimUser({ userName: "a@x.test", ...body }));
    assert.equal(role({ [GH]: { role: "Owner" }, roles: [{ value: "member" }] }), "OWNER");
    assert.equal(role({ [`${GH}:role`]: "member" }), "MEMBER");
    assert.equal(role({ roles: [{ value: "member" }, { value: "admin", primary: true }] }), "ADMIN");
    assert.equal(role({ roles: [{ value: "owner" }, { value: "member" }] }), "OWNER");
    assert.equal(role({}), undefined);
    assert.equal(role({ roles: [] }), undefined);
    rejects({ userName: "a@x.test", [GH]: { role: "superuser" } }, "invalidValue", /Unknown role "superuser"/);
    rejects({ userName: "a@x.test", roles: [{ value: "nonsense", primary: true }] }, "invalidValue", /Unknown role "nonsense"/);
  });

  // Entra ID's AppRoleAssignmentsComplex sends every app role a person is assigned, each with
  // primary "False", in no meaningful order: the role must not depend on that order.
  it("takes the highest of several roles none of which is primary, as with role-mapped groups and SAML role values", () => {
    const role = (roles: object[]) => roleFromBody(fromScimUser({ userName: "a@x.test", roles }));
    const entra = (value: string) => ({ primary: "False", type: "WindowsAzureActiveDirectoryRole", display: value, value });
    assert.equal(role([{ value: "member" }, { value: "admin" }]), "ADMIN");
    assert.equal(role([entra("Member"), entra("Owner"), entra("Admin")]), "OWNER");
    assert.equal(role([entra("Admin"), entra("Member")]), "ADMIN");
    // A primary one is the IdP saying which: it decides, whatever the others rank.
    assert.equal(role([{ value: "owner" }, { value: "member", primary: true }]), "MEMBER");
    // A value that names no Gatehouse role beside one that does (Entra's default access role): the one that does.
    assert.equal(role([entra("msiam_access"), entra("Admin")]), "ADMIN");
    // None naming one (Entra's Default Access sends msiam_access alone): the role is not stated.
    assert.equal(role([entra("msiam_access")]), undefined);
    assert.equal(role([entra("msiam_access"), entra("Reader")]), undefined);
    assert.equal(role([{ value: "nonsense" }]), undefined);
  });

  it("takes the primary email, else the first, else the userName, kept as sent", () => {
    assert.equal(fromScimUser({ userName: "ann@x.test" }).email, "ann@x.test");
    assert.equal(fromScimUser({ userName: "ann@x.test", emails: [{ value: "home@x.test" }, { value: "work@x.test", primary: true }] }).email, "work@x.test");
    assert.equal(fromScimUser({ userName: "ann" }).email, "ann");
    assert.equal(fromScimUser({ userName: "u1", emails: [{ value: "emailName357", Primary: true }] }).email, "emailName357");
  });

  it("keeps values as sent, spaces included: the IdP compares what it reads back", () => {
    const input = fromScimUser({ userName: "a@x.test", displayName: "Ann ", externalId: " ext1", name: { givenName: " Ann" }, title: "Lead  " });
    assert.deepEqual([input.displayName, input.externalId, input.givenName, input.title], ["Ann ", " ext1", " Ann", "Lead  "]);
  });

  it("maps blanks and absences to null (clear) but leaves role/status undefined (keep)", () => {
    const input = fromScimUser({ userName: "a@x.test", displayName: "  ", name: { formatted: "" } });
    assert.equal(input.displayName, null);
    assert.equal(input.nameFormatted, null);
    assert.equal(input.externalId, null);
    assert.equal("status" in input, false);
  });

  // OneLogin fills its SCIM JSON template from the person's fields: one without a phone number or
  // an address is sent {"value": "", "type": "work"} and {"locality": "", "region": "", "country": ""}.
  it("leaves out values of a list that carry nothing but labels (type, display, primary)", () => {
    const u = fromScimUser({
      userName: "ann@x.test",
      emails: [{ value: "", type: "work", primary: true }, { value: "ann@home.test", type: "home" }],
      phoneNumbers: [{ value: "", type: "work" }, { value: "  ", display: "Desk" }],
      addresses: [{ locality: "", region: "", country: "", type: "work", primary: "True" }],
      entitlements: [{ type: "license" }],
    });
    assert.deepEqual(u.profileLists, { emails: [{ value: "ann@home.test", type: "home" }] });
    assert.equal(u.email, "ann@home.test");
    // The primary is the first value that has something: a leftover label does not take it.
    const primary = fromScimUser({ userName: "b@x.test", addresses: [{ type: "home", primary: true }, { country: "DE", primary: true }] });
    assert.deepEqual(primary.profileLists, { addresses: [{ country: "DE", primary: true }] });
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

  // Found by a review: POST and PUT stored "[object Object]" and "x,y" where PATCH refused them,
  // and an unquoted externalId past 2^53 came back "1.2345678901234568e+22".
  it("refuses what is not text in a list's sub-attributes, and numbers that lost their digits", () => {
    rejects({ userName: "a@x.test", emails: [{ value: "a@x.test", type: { a: 1 } }] }, "invalidValue", /emails\[0\]\.type" must be a string/);
    rejects({ userName: "a@x.test", emails: [{ value: "a@x.test", display: ["x", "y"] }] }, "invalidValue", /emails\[0\]\.display/);
    rejects({ userName: "a@x.test", addresses: [{ streetAddress: { deep: true } }] }, "invalidValue", /addresses\[0\]\.streetAddress/);
    rejects({ userName: "a@x.test", externalId: 12345678901234567890123 }, "invalidValue", /externalId.*digits may not be kept/);
    rejects({ userName: "a@x.test", externalId: 12345.678901234567891 }, "invalidValue", /externalId.*digits may not be kept/);
    assert.equal(fromScimUser({ userName: "a@x.test", externalId: 9007199254740991 }).externalId, "9007199254740991");
    assert.equal(fromScimUser({ userName: "a@x.test", phoneNumbers: [{ value: 5551234 }] }).profileLists.phoneNumbers?.[0]?.value, "5551234");
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
    const input = fromScimUser(patched);
    assert.equal(input.email, "ann@new.test");
    assert.deepEqual(input.profileLists.emails, [{ value: "ann@new.test", type: "work", primary: true }]);
    assert.equal(input.givenName, null);
    assert.equal(input.familyName, "Lee");
    assert.equal(input.department, "R&D");
    assert.deepEqual(input.roles, { extension: "MEMBER", core: "ADMIN" });
    assert.equal(input.status, "DEACTIVATED");
  });
});

// Every attribute /Schemas declares, as an IdP could send it.
const EVERYTHING = {
  schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GH],
  externalId: "00u9",
  userName: "zoe@x.test",
  name: { formatted: "Dr. Zoe Q. Ng III", familyName: "Ng", givenName: "Zoe", middleName: "Quinn", honorificPrefix: "Dr.", honorificSuffix: "III" },
  displayName: "Zoe Ng",
  nickName: "Z",
  profileUrl: "https://x.test/zoe",
  title: "Staff Engineer",
  userType: "Employee",
  preferredLanguage: "en-GB",
  locale: "en-GB",
  timezone: "Europe/London",
  active: true,
  emails: [
    { value: "zoe@x.test", type: "work", primary: true, display: "Zoe at work" },
    { value: "zoe@home.test", type: "home" },
  ],
  phoneNumbers: [{ value: "+44 20 7946 0000", type: "work", primary: true }, { value: "+44 7700 900000", type: "mobile" }],
  ims: [{ value: "zoe", type: "xmpp" }],
  photos: [{ value: "https://x.test/zoe.png", type: "photo" }],
  addresses: [{ formatted: "1 Main St", streetAddress: "1 Main St", locality: "London", region: "LDN", postalCode: "N1", country: "GB", type: "work", primary: true }],
  entitlements: [{ value: "beta" }],
  roles: [{ value: "member", primary: true }],
  x509Certificates: [{ value: "MIIB" }],
  [ENTERPRISE_USER_SCHEMA]: {
    employeeNumber: "701984",
    costCenter: "4130",
    organization: "Universal Studios",
    division: "Theme Park",
    department: "Tour Operations",
    manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d", $ref: "../Users/26118915-6090-4610-87e4-49d8ca9f808d", displayName: "John Smith" },
  },
  [GH]: { role: "member" },
};

describe("round trip", () => {
  it("returns every declared attribute exactly as sent", () => {
    const input = fromScimUser(EVERYTHING);
    const { roles: _r, ...profile } = input;
    const rendered = toScimUser({ ...member(), ...profile, role: "MEMBER" }, "https://x");
    const { id: _i, meta: _m, ...back } = rendered;
    assert.deepEqual({ ...back, schemas: [...back.schemas].sort() }, { ...EVERYTHING, schemas: [...EVERYTHING.schemas].sort() });
  });

  it("reads Entra's bare-string manager and dotted/colon enterprise paths in a PATCH", () => {
    const before = toScimUser(member(), "https://x");
    const patched = applyPatch(
      before,
      {
        Operations: [
          { op: "Add", path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: "mgr-1" },
          { op: "Add", path: `${ENTERPRISE_USER_SCHEMA}:employeeNumber`, value: "42" },
          { op: "Replace", value: { [`${ENTERPRISE_USER_SCHEMA}:department`]: "Sales", "name.middleName": "Q", nickName: "Annie" } },
        ],
      },
      USER_RESOURCE,
    );
    const input = fromScimUser(patched);
    assert.equal(input.managerValue, "mgr-1");
    assert.equal(input.employeeNumber, "42");
    assert.equal(input.department, "Sales");
    assert.equal(input.middleName, "Q");
    assert.equal(input.nickName, "Annie");
  });

  it("drops sub-attributes /Schemas does not declare, like unknown attributes", () => {
    const input = fromScimUser({ userName: "a@x.test", emails: [{ value: "a@x.test", primary: true, bogus: 1 }], bogus: "x" });
    assert.deepEqual(input.profileLists.emails, [{ value: "a@x.test", primary: true }]);
  });
});

describe("remove (RFC 7644 §3.5.2.2)", () => {
  const patch = (ops: object[]) => applyPatch(toScimUser(member(), "https://x"), { Operations: ops }, USER_RESOURCE);
  const refused = (ops: object[]) =>
    assert.throws(() => patch(ops), (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === "mutability");

  it("refuses to unassign active and userName", () => {
    refused([{ op: "remove", path: "active" }]);
    refused([{ op: "remove", path: "userName" }]);
    refused([{ op: "replace", value: { active: null } }]);
  });

  it("unassigns emails, roles and the extension role", () => {
    assert.equal(fromScimUser(patch([{ op: "remove", path: "emails" }])).profileLists.emails, undefined);
    assert.equal(fromScimUser(patch([{ op: "remove", path: "roles" }])).roles.core, null);
    // The extension without its role states no role (a PUT leaves it alone); a PATCH that removed it
    // reads that as gone, since it differs from before (userPatchChanges).
    assert.equal(fromScimUser(patch([{ op: "remove", path: `${GH}:role` }])).roles.extension, undefined);
  });
});
