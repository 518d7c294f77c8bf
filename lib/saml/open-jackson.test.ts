import assert from "node:assert/strict";
import { it } from "node:test";
import { assertPatched, type Jackson } from "./open-jackson";

it("a jackson without the patch's per-connection OpenID redirect URIs does not start", () => {
  const unpatched = { oauthController: { oidcAuthzResponse() {} } } as unknown as Jackson;
  assert.throws(() => assertPatched(unpatched), /not patched/);
  const patched = { oauthController: { oidcAuthzResponse() {}, oidcRedirectUri() {} } } as unknown as Jackson;
  assert.equal(assertPatched(patched), patched);
});
