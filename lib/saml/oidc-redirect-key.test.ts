import assert from "node:assert/strict";
import { it } from "node:test";
import { isOidcRedirectKey, oidcRedirectKey } from "./oidc-redirect-key";

const URL_A = "https://acme.okta.com/.well-known/openid-configuration";

it("one key for a team and discovery URL, another for any other team or URL", () => {
  const key = oidcRedirectKey("team-a", URL_A);
  assert.ok(isOidcRedirectKey(key), key);
  assert.equal(oidcRedirectKey("team-a", ` ${URL_A} `), key, "the saved URL is trimmed, so the key is too");
  assert.notEqual(oidcRedirectKey("team-b", URL_A), key);
  assert.notEqual(oidcRedirectKey("team-a", "https://evil.test/.well-known/openid-configuration"), key);
});

it("a path that is not a key is told apart before any lookup", () => {
  for (const bad of ["", "..", "ABCDEF0123456789abcdef01", "0123456789abcdef0123456", "0123456789abcdef012345678", "0123456789abcdef01234567/"]) assert.equal(isOidcRedirectKey(bad), false, bad);
});
