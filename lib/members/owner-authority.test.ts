import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Actor } from "../audit/actor";
import { OwnerAuthorityError } from "./errors";
import { assertOwnerAuthority } from "./owner-authority";

const adminToken: Actor = { type: "scim", tokenId: "t1", label: "SCIM token", mayManageOwners: false };
const ownerToken: Actor = { ...adminToken, mayManageOwners: true };
const person: Actor = { type: "user", userId: "u1", label: "someone" };
const owner = { role: "OWNER", status: "ACTIVE" } as const;
const admin = { role: "ADMIN", status: "ACTIVE" } as const;
const member = { role: "MEMBER", status: "ACTIVE" } as const;

describe("assertOwnerAuthority", () => {
  it("refuses a token an admin created anything that grants, changes, deactivates or removes an owner", () => {
    for (const [before, after] of [
      [null, owner],
      [member, owner],
      [owner, admin],
      [owner, { role: "OWNER", status: "DEACTIVATED" }],
      [{ role: "OWNER", status: "DEACTIVATED" }, owner],
      [owner, null],
    ] as const) {
      assert.throws(() => assertOwnerAuthority(adminToken, before, after), OwnerAuthorityError, JSON.stringify([before, after]));
    }
  });

  it("lets it provision admins and members, and leave an owner as they are", () => {
    for (const [before, after] of [
      [null, admin],
      [member, admin],
      [admin, { role: "MEMBER", status: "DEACTIVATED" }],
      [member, null],
      [owner, owner],
    ] as const) {
      assert.doesNotThrow(() => assertOwnerAuthority(adminToken, before, after), JSON.stringify([before, after]));
    }
  });

  it("puts no limit on a token an owner created, or on anyone but SCIM", () => {
    for (const actor of [ownerToken, person, { type: "saml", label: "SSO" } as const, { type: "system", label: "cli" } as const]) {
      assert.doesNotThrow(() => assertOwnerAuthority(actor, member, owner));
      assert.doesNotThrow(() => assertOwnerAuthority(actor, owner, null));
    }
  });
});
