// Unredeemed codes of one connection are forgotten when its IdP changes (connections.ts); those of
// every other connection, SAML or OpenID, stay redeemable.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { forgetCodesOf, recordCodeOrigin, takeCodeOrigin } from "./code-origin-store";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

it("forgets one connection's codes, SAML or OpenID, and no other's", async () => {
  await recordCodeOrigin(t.db, "saml-a", { kind: "saml", verifiedBy: [{ teamId: "t1", clientId: "aaa" }] });
  await recordCodeOrigin(t.db, "saml-b", { kind: "saml", verifiedBy: [{ teamId: "t1", clientId: "aaab" }] });
  await recordCodeOrigin(t.db, "oidc-a", { kind: "oidc", redirectKey: "0123456789abcdef01234567" });
  await recordCodeOrigin(t.db, "oidc-b", { kind: "oidc", redirectKey: "fedcba9876543210fedcba98" });
  await forgetCodesOf(t.db, { kind: "saml", clientId: "aaa" });
  await forgetCodesOf(t.db, { kind: "oidc", redirectKey: "0123456789abcdef01234567" });
  assert.equal(await takeCodeOrigin(t.db, "saml-a"), null);
  assert.equal(await takeCodeOrigin(t.db, "oidc-a"), null);
  assert.deepEqual(await takeCodeOrigin(t.db, "saml-b"), { kind: "saml", verifiedBy: [{ teamId: "t1", clientId: "aaab" }] });
  assert.deepEqual(await takeCodeOrigin(t.db, "oidc-b"), { kind: "oidc" });
});
