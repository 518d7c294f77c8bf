import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { can, memberCan, PERMISSIONS, rolesWith, type Permission } from "./permissions";

describe("can", () => {
  it("lets owners and admins manage members and SCIM, members only read", () => {
    assert.equal(can("OWNER", "members.write"), true);
    assert.equal(can("ADMIN", "scim.manage"), true);
    assert.equal(can("MEMBER", "members.read"), true);
    assert.equal(can("MEMBER", "members.write"), false);
    assert.equal(can("MEMBER", "audit.read"), false);
    assert.equal(can("ADMIN", "members.export"), true);
    assert.equal(can("MEMBER", "members.export"), false);
  });

  it("keeps granting ownership to owners", () => {
    assert.equal(can("OWNER", "members.grant_owner"), true);
    assert.equal(can("ADMIN", "members.grant_owner"), false);
  });

  it("keeps deleting and handing over a team to owners; settings and reset links to owners and admins", () => {
    assert.equal(can("OWNER", "team.delete"), true);
    assert.equal(can("ADMIN", "team.delete"), false);
    assert.equal(can("ADMIN", "team.transfer_ownership"), false);
    assert.equal(can("ADMIN", "team.settings"), true);
    assert.equal(can("MEMBER", "team.settings"), false);
    assert.equal(can("ADMIN", "members.reset_password"), true);
    assert.equal(can("MEMBER", "members.reset_password"), false);
  });

  it("gives a setup link the SSO configuration and a SCIM token, and nothing else", () => {
    const allowed = Object.keys(PERMISSIONS).filter((p) => can("SETUP_LINK", p as Permission)).sort();
    assert.deepEqual(allowed, ["scim.tokens.create", "sso.connections.write"]);
    assert.equal(can("ADMIN", "sso.setup_links.manage"), false);
    assert.equal(can("OWNER", "sso.setup_links.manage"), true);
  });

  it("keeps marking a domain verified without DNS to owners", () => {
    assert.equal(can("OWNER", "sso.domains.verify_manually"), true);
    assert.equal(can("ADMIN", "sso.domains.verify_manually"), false);
    assert.equal(can("SETUP_LINK", "sso.domains.verify_manually"), false);
  });

  it("keeps a password under Require SSO for owners only, and lists a permission's team roles", () => {
    assert.equal(can("OWNER", "sso.keep_password"), true);
    assert.equal(can("ADMIN", "sso.keep_password"), false);
    assert.deepEqual(rolesWith("members.reset_password"), ["OWNER", "ADMIN"]);
    assert.deepEqual(rolesWith("sso.connections.write"), ["OWNER", "ADMIN"]);
  });

  it("fails closed without a role or with an unknown one", () => {
    assert.equal(can(null, "members.read"), false);
    assert.equal(can(undefined, "members.read"), false);
    assert.equal(can("GUEST" as never, "members.read"), false);
  });
});

describe("memberCan", () => {
  it("holds only for an active membership whose role the permission is given to", () => {
    assert.equal(memberCan({ role: "OWNER", status: "ACTIVE" }, "sso.setup_links.manage"), true);
    assert.equal(memberCan({ role: "ADMIN", status: "ACTIVE" }, "invitations.manage"), true);
    assert.equal(memberCan({ role: "OWNER", status: "DEACTIVATED" }, "sso.setup_links.manage"), false);
    assert.equal(memberCan({ role: "ADMIN", status: "ACTIVE" }, "sso.setup_links.manage"), false);
    assert.equal(memberCan(null, "members.read"), false);
    assert.equal(memberCan(undefined, "members.read"), false);
  });
});
