import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decideSamlLogin, emailVerifiedClaim, roleFromAttribute, roleFromGroups, type JitDecision, type JitTeam } from "./jit";
import type { SamlProfile } from "./profile";

const team = (over: Partial<JitTeam> = {}): JitTeam => ({
  jitProvisioning: true,
  defaultRole: "MEMBER",
  verifiedDomains: ["acme.test"],
  groupRoles: { "gatehouse admins": "ADMIN", engineering: "MEMBER", founders: "OWNER" },
  ...over,
});
const profile = (over: Partial<SamlProfile> = {}): SamlProfile => ({ email: "Ada@Acme.test", firstName: "Ada", lastName: "Lovelace", ...over });
const active = { id: "m1", status: "ACTIVE" as const };
const user = { name: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace" };

type Row = { name: string; input: Parameters<typeof decideSamlLogin>[0]; expect: Partial<JitDecision> & { kind: JitDecision["kind"] } };

const rows: Row[] = [
  { name: "active member, same name: sign in, nothing to refresh", input: { profile: profile(), team: team(), membership: active, user }, expect: { kind: "sign_in", membershipId: "m1", email: "ada@acme.test", nameChanges: {} } },
  {
    name: "active member, IdP sends a new name: sign in and refresh it",
    input: { profile: profile({ lastName: "King" }), team: team(), membership: active, user },
    expect: { kind: "sign_in", nameChanges: { name: "Ada King", familyName: "King" } },
  },
  {
    // SCIM keeps a name as sent, spaces included; the assertion's is trimmed: not a new name.
    name: "active member whose IdP-provisioned name has surrounding spaces: nothing to refresh",
    input: { profile: profile(), team: team(), membership: active, user: { name: "Ada Lovelace ", givenName: " Ada", familyName: "Lovelace" } },
    expect: { kind: "sign_in", nameChanges: {} },
  },
  {
    name: "active member, IdP sends no name: keep what we have",
    input: { profile: profile({ firstName: undefined, lastName: undefined }), team: team(), membership: active, user },
    expect: { kind: "sign_in", nameChanges: {} },
  },
  {
    name: "an OpenID provider says email_verified: false: refused, even for an active member",
    input: { profile: profile(), team: team(), membership: active, user, emailVerified: false },
    expect: { kind: "refuse", reason: "email_unverified", email: "ada@acme.test" },
  },
  { name: "email_verified: true, or absent (SAML): signs in", input: { profile: profile(), team: team(), membership: active, user, emailVerified: true }, expect: { kind: "sign_in" } },
  { name: "deactivated member: refused", input: { profile: profile(), team: team(), membership: { id: "m1", status: "DEACTIVATED" }, user }, expect: { kind: "refuse", reason: "deactivated" } },
  { name: "deactivated member is refused even with JIT off", input: { profile: profile(), team: team({ jitProvisioning: false }), membership: { id: "m1", status: "DEACTIVATED" }, user }, expect: { kind: "refuse", reason: "deactivated" } },
  { name: "unknown person, JIT off: not assigned", input: { profile: profile(), team: team({ jitProvisioning: false }), membership: null, user: null }, expect: { kind: "refuse", reason: "not_assigned" } },
  {
    name: "unknown person, JIT on, nothing decides the role: team default",
    input: { profile: profile(), team: team(), membership: null, user: null },
    expect: { kind: "provision", role: null, roleFrom: "default", email: "ada@acme.test", names: { name: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace" } },
  },
  { name: "JIT with a role attribute", input: { profile: profile({ raw: { role: "Admin" } }), team: team(), membership: null, user: null }, expect: { kind: "provision", role: "ADMIN", roleFrom: "attribute" } },
  { name: "JIT with jackson's roles claim", input: { profile: profile({ roles: ["member"] }), team: team(), membership: null, user: null }, expect: { kind: "provision", role: "MEMBER", roleFrom: "attribute" } },
  { name: "JIT: an owner role attribute is capped at admin", input: { profile: profile({ raw: { role: "owner" } }), team: team(), membership: null, user: null }, expect: { kind: "provision", role: "ADMIN", roleFrom: "attribute" } },
  { name: "JIT: an unknown role value falls through to groups", input: { profile: profile({ raw: { role: "superuser" }, groups: ["Gatehouse Admins"] }), team: team(), membership: null, user: null }, expect: { kind: "provision", role: "ADMIN", roleFrom: "group" } },
  { name: "JIT: the role attribute wins over groups", input: { profile: profile({ raw: { role: "member" }, groups: ["gatehouse admins"] }), team: team(), membership: null, user: null }, expect: { kind: "provision", role: "MEMBER", roleFrom: "attribute" } },
  { name: "JIT: the highest mapped group wins, capped at admin", input: { profile: profile({ groups: ["engineering", "founders"] }), team: team(), membership: null, user: null }, expect: { kind: "provision", role: "ADMIN", roleFrom: "group" } },
  { name: "JIT: unmapped groups mean the default", input: { profile: profile({ groups: ["marketing"] }), team: team(), membership: null, user: null }, expect: { kind: "provision", role: null, roleFrom: "default" } },
  { name: "no email in the assertion", input: { profile: profile({ email: undefined }), team: team(), membership: null, user: null }, expect: { kind: "refuse", reason: "no_email", email: null } },
  { name: "an email that is not an address", input: { profile: profile({ email: "ada" }), team: team(), membership: null, user: null }, expect: { kind: "refuse", reason: "no_email" } },
  { name: "a domain the team has not verified, for a newcomer", input: { profile: profile({ email: "ada@elsewhere.test" }), team: team(), membership: null, user: null }, expect: { kind: "refuse", reason: "domain_not_verified" } },
  {
    name: "a domain the team has not verified, even for an existing member",
    input: { profile: profile({ email: "ada@gmail.com" }), team: team(), membership: active, user },
    expect: { kind: "refuse", reason: "domain_not_verified", email: "ada@gmail.com" },
  },
  // IDNA reads these as acme.test; the account key does not, so each would be another account for one mailbox.
  ...["ada@acme.test.", "ada@\uff41cme.test", "ada@ac\u00adme.test"].map((email): Row => ({
    name: `an address writing the verified domain another way is not vouched for: ${JSON.stringify(email)}`,
    input: { profile: profile({ email }), team: team(), membership: null, user: null },
    expect: { kind: "refuse", reason: "domain_not_verified" },
  })),
  { name: "a subdomain is not its parent", input: { profile: profile({ email: "ada@eu.acme.test" }), team: team(), membership: null, user: null }, expect: { kind: "refuse", reason: "domain_not_verified" } },
];

describe("decideSamlLogin", () => {
  for (const row of rows) {
    it(row.name, () => {
      const decision = decideSamlLogin(row.input);
      for (const [key, value] of Object.entries(row.expect)) {
        assert.deepEqual((decision as Record<string, unknown>)[key], value, `${key} of ${JSON.stringify(decision)}`);
      }
    });
  }
});

describe("emailVerifiedClaim", () => {
  // Found by review: 0 and "no" read as absent, and the login went ahead.
  it("is true only for a true value, false for any other value sent, and undefined when nothing is", () => {
    for (const v of [true, "true", " TRUE ", 1, "1"]) assert.equal(emailVerifiedClaim({ email_verified: v }), true, String(v));
    for (const v of [false, "false", 0, "0", "no", "yes please", {}]) assert.equal(emailVerifiedClaim({ email_verified: v }), false, String(v));
    for (const raw of [undefined, {}, { email_verified: null }, { email_verified: "" }]) assert.equal(emailVerifiedClaim(raw), undefined);
  });
});

describe("role mapping helpers", () => {
  it("reads the role attribute case-insensitively, whatever shape it came in", () => {
    assert.equal(roleFromAttribute({ raw: { role: ["  ADMIN "] } }), "ADMIN");
    assert.equal(roleFromAttribute({ raw: { gatehouseRole: "member" } }), "MEMBER");
    assert.equal(roleFromAttribute({ raw: {} }), null);
  });
  it("matches groups by name, ignoring case and spaces", () => {
    assert.equal(roleFromGroups({ groups: [" Engineering "] }, { engineering: "MEMBER" }), "MEMBER");
    assert.equal(roleFromGroups({ raw: { memberOf: "Engineering" } }, { engineering: "ADMIN" }), "ADMIN");
    assert.equal(roleFromGroups({ groups: [] }, { engineering: "ADMIN" }), null);
  });
  it("reads only the team's own groups: a group the IdP names like an object's built-in is no role", () => {
    // groupRoles is a plain object: "constructor" read Object's function, which passed as a role
    // and outranked the real one, so the member's JIT sign-in failed on writing it.
    for (const builtIn of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      assert.equal(roleFromGroups({ groups: [builtIn] }, { engineering: "ADMIN" }), null, builtIn);
      assert.equal(roleFromGroups({ groups: [builtIn, "Engineering"] }, { engineering: "ADMIN" }), "ADMIN", builtIn);
    }
    assert.equal(roleFromGroups({ groups: ["Caf\u00c9"] }, { "cafe\u0301": "ADMIN", "caf\u00e9": "MEMBER" }), "MEMBER");
  });
});
