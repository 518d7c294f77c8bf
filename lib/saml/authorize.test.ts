import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { authorizeParams, handleAuthorize } from "./authorize";
import type { Jackson } from "./open-jackson";

describe("authorizeParams", () => {
  const base = { tenant: "7b0c5a4e-1111-4a4a-9999-000000000001", response_type: "code", redirect_uri: "https://g.test/api/auth/callback/boxyhq-saml", state: "s", scope: "", code_challenge: "c", code_challenge_method: "S256" };

  it("passes next-auth's parameters, pinned to our product and the dummy client", () => {
    const r = authorizeParams(new URLSearchParams({ ...base, product: "other", client_id: "someone-else" }));
    assert.ok(r.ok);
    assert.equal(r.params.product, "gatehouse");
    assert.equal(r.params.client_id, "dummy");
    assert.equal(r.params.tenant, base.tenant);
    assert.equal(r.params.code_challenge_method, "S256");
  });

  it("drops idp_hint and anything else that could pick another team's connection", () => {
    const r = authorizeParams(new URLSearchParams({ ...base, idp_hint: "abc", access_type: "x", resource: "y", nonce: "n" }));
    assert.ok(r.ok);
    for (const key of ["idp_hint", "access_type", "resource", "nonce"]) assert.equal(key in r.params, false, key);
  });

  it("refuses a missing or odd tenant and other response types", () => {
    assert.equal(authorizeParams(new URLSearchParams({ ...base, tenant: "" })).ok, false);
    assert.equal(authorizeParams(new URLSearchParams({ ...base, tenant: "a/b" })).ok, false);
    assert.equal(authorizeParams(new URLSearchParams({ ...base, response_type: "token" })).ok, false);
  });

  it("refuses a redirect_uri that is not an absolute http(s) URL, as the caller's error", () => {
    for (const redirect_uri of ["", "notaurl", "/api/auth/callback/boxyhq-saml", "javascript:alert(1)", "ftp://g.test/cb", "https://"]) {
      const r = authorizeParams(new URLSearchParams({ ...base, redirect_uri }));
      assert.deepEqual(r, { ok: false, error: "redirect_uri must be an absolute http(s) URL" }, redirect_uri);
    }
    assert.ok(authorizeParams(new URLSearchParams({ ...base, redirect_uri: "http://localhost:3000/api/auth/callback/boxyhq-saml" })).ok);
  });

  it("answers a bad redirect_uri as sso_rejected (400) without asking jackson", async () => {
    const jackson = new Proxy({}, { get: () => assert.fail("jackson was called") }) as Jackson;
    const outcome = await handleAuthorize(jackson, new URLSearchParams({ ...base, redirect_uri: "notaurl" }));
    assert.deepEqual(outcome, { kind: "refused", code: "sso_rejected", status: 400, detail: "redirect_uri must be an absolute http(s) URL" });
  });
});
