import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { failureReason, prettyBody, tokenLabel } from "./scim-request-text";

const base = { status: 200, scimType: null, errorDetail: null, authProblem: null, tokenName: "Okta", tokenPrefix: "ghscim_Ab12Cd" };

describe("scim request text", () => {
  it("explains a failure by the API's own words, or the token's problem", () => {
    assert.equal(failureReason(base), null);
    assert.equal(failureReason({ ...base, status: 400, scimType: "invalidFilter", errorDetail: 'Filtering on "title" is not supported' }), 'invalidFilter: Filtering on "title" is not supported');
    assert.equal(failureReason({ ...base, status: 409, errorDetail: "A member with this userName exists" }), "A member with this userName exists");
    assert.equal(failureReason({ ...base, status: 401, authProblem: "revoked", errorDetail: "The bearer token has been revoked" }), "Revoked token");
    assert.equal(failureReason({ ...base, status: 500 }), "HTTP 500");
  });

  it("names the token by name and prefix", () => {
    assert.equal(tokenLabel(base), "Okta (ghscim_Ab12Cd…)");
    assert.equal(tokenLabel({ ...base, authProblem: "unknown" }), "ghscim_Ab12Cd… with the prefix of “Okta” but another secret");
    assert.equal(tokenLabel({ ...base, tokenName: null, tokenPrefix: null }), "—");
  });

  it("indents whole JSON and leaves a truncated body as stored", () => {
    assert.equal(prettyBody('{"a":1}'), '{\n  "a": 1\n}');
    assert.equal(prettyBody('{"a":… [truncated]'), '{"a":… [truncated]');
    assert.equal(prettyBody(null), null);
  });
});
