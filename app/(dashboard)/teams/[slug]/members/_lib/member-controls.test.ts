import assert from "node:assert/strict";
import { test } from "node:test";
import { IDP_ROLE, LAST_OWNER, OWNER_ONLY, SCIM_STATUS, SELF, memberControls, type ControlTarget } from "./member-controls.ts";

const owner = { membershipId: "me", role: "OWNER" as const };
const admin = { membershipId: "me", role: "ADMIN" as const };
const member = (over: Partial<ControlTarget> = {}): ControlTarget => ({ id: "m1", role: "MEMBER", status: "ACTIVE", source: "MANUAL", roleSource: "MANUAL", ...over });

test("an owner may do everything to a manual member, and grant OWNER", () => {
  const c = memberControls(owner, member(), 1);
  assert.deepEqual(c.role, { options: ["OWNER", "ADMIN", "MEMBER"], locked: null });
  assert.equal(c.status.locked, null);
  assert.equal(c.remove.locked, null);
});

test("an admin cannot grant OWNER, nor touch an owner", () => {
  assert.deepEqual(memberControls(admin, member(), 2).role.options, ["ADMIN", "MEMBER"]);
  const c = memberControls(admin, member({ role: "OWNER" }), 2);
  assert.equal(c.role.locked, OWNER_ONLY);
  assert.equal(c.status.locked, OWNER_ONLY);
  assert.equal(c.remove.locked, OWNER_ONLY);
});

test("the last active owner cannot be demoted, deactivated or removed; with two owners they can", () => {
  const last = memberControls(owner, member({ role: "OWNER" }), 1);
  assert.equal(last.role.locked, LAST_OWNER);
  assert.equal(last.status.locked, LAST_OWNER);
  assert.equal(last.remove.locked, LAST_OWNER);
  assert.equal(memberControls(owner, member({ role: "OWNER" }), 2).role.locked, null);
});

test("a deactivated owner may be reactivated even when another is the last active owner", () => {
  assert.equal(memberControls(owner, member({ role: "OWNER", status: "DEACTIVATED" }), 1).status.locked, null);
});

test("SCIM-managed status and IdP-decided roles are locked with the reason", () => {
  const c = memberControls(owner, member({ source: "SCIM", roleSource: "GROUP" }), 1);
  assert.equal(c.status.locked, SCIM_STATUS);
  assert.equal(c.role.locked, IDP_ROLE.GROUP);
  assert.equal(c.remove.locked, null);
  assert.ok(c.remove.warning);
  assert.equal(memberControls(owner, member({ source: "SCIM", roleSource: "DEFAULT" }), 1).role.locked, null);
  assert.equal(memberControls(owner, member({ roleSource: "SCIM" }), 1).role.locked, IDP_ROLE.SCIM);
});

test("nobody deactivates or removes themselves", () => {
  const c = memberControls(owner, member({ id: "me" }), 1);
  assert.equal(c.status.locked, SELF);
  assert.equal(c.remove.locked, SELF);
});

test("a member sees everything locked", () => {
  const c = memberControls({ membershipId: "me", role: "MEMBER" }, member(), 1);
  assert.ok(c.role.locked && c.status.locked && c.remove.locked);
});
