import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Actor } from "../audit/actor";
import { assertOwnerAuthority } from "./owner-authority";

const adminToken: Actor = { type: "scim", tokenId: "t1", label: "SCIM token", mayManageOwners: false };
const ownerToken: Actor = { ...adminToken, mayManageOwners: true };
const ownerPerson: Actor = { type: "user", userId: "u1", label: "an owner", mayManageOwners: true };
const adminPerson: Actor = { ...ownerPerson, label: "an admin", mayManageOwners: false };
const ssoLogin: Actor = { type: "saml", label: "SAML: someone@example.test" };
const owner = { role: "OWNER", status: "ACTIVE" } as const;
const admin = { role: "ADMIN", status: "ACTIVE" } as const;
const member = { role: "MEMBER", status: "ACTIVE" } as const;

describe("assertOwnerAuthority", () => {
  it("refuses a token an admin created, or an admin, anything that grants, changes, deactivates or removes an owner", () => {
    for (const [before, after] of [
      [null, owner],
      [member, owner],
      [owner, admin],
      [owner, { role: "OWNER", status: "DEACTIVATED" }],
      [{ role: "OWNER", status: "DEACTIVATED" }, owner],
      [owner, null],
    ] as const) {
      assert.throws(() => assertOwnerAuthority(adminToken, before, after), /SCIM token may not/, JSON.stringify([before, after]));
      assert.throws(() => assertOwnerAuthority(adminPerson, before, after), /^OwnerAuthorityError: Only owners can/, JSON.stringify([before, after]));
      assert.throws(() => assertOwnerAuthority(ssoLogin, before, after), /^OwnerAuthorityError: Only owners can/, JSON.stringify([before, after]));
    }
  });

  it("lets them provision admins and members, and leave an owner as they are", () => {
    for (const [before, after] of [
      [null, admin],
      [member, admin],
      [admin, { role: "MEMBER", status: "DEACTIVATED" }],
      [member, null],
      [owner, owner],
    ] as const) {
      assert.doesNotThrow(() => assertOwnerAuthority(adminToken, before, after), JSON.stringify([before, after]));
      assert.doesNotThrow(() => assertOwnerAuthority(adminPerson, before, after), JSON.stringify([before, after]));
      assert.doesNotThrow(() => assertOwnerAuthority(ssoLogin, before, after), JSON.stringify([before, after]));
    }
  });

  it("puts no limit on owners, tokens they created or the system", () => {
    for (const actor of [ownerToken, ownerPerson, { type: "system", label: "cli" } as const]) {
      assert.doesNotThrow(() => assertOwnerAuthority(actor, member, owner));
      assert.doesNotThrow(() => assertOwnerAuthority(actor, owner, null));
    }
  });
});
