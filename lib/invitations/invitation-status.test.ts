import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { accountMustSignIn } from "./invitation-status";

describe("accountMustSignIn", () => {
  const proved = new Date();
  it("asks to sign in for an account in a team, or with a password set with a proved address", () => {
    assert.equal(accountMustSignIn({ passwordHash: null, emailVerifiedAt: null, memberships: 1 }), true);
    assert.equal(accountMustSignIn({ passwordHash: "h", emailVerifiedAt: null, memberships: 2 }), true);
    assert.equal(accountMustSignIn({ passwordHash: "h", emailVerifiedAt: proved, memberships: 0 }), true);
  });
  it("lets the address's owner accept as someone new otherwise: no account, no password, or a password nobody proved", () => {
    assert.equal(accountMustSignIn(null), false);
    assert.equal(accountMustSignIn({ passwordHash: null, emailVerifiedAt: proved, memberships: 0 }), false);
    assert.equal(accountMustSignIn({ passwordHash: "h", emailVerifiedAt: null, memberships: 0 }), false);
  });
});
