import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bearerSecret } from "./authenticate-token";

describe("bearerSecret", () => {
  it("reads the Bearer scheme in any case", () => {
    assert.equal(bearerSecret("Bearer ghscim_abc"), "ghscim_abc");
    assert.equal(bearerSecret("bearer  ghscim_abc "), "ghscim_abc");
    assert.equal(bearerSecret("BEARER other-token"), "other-token", "an unknown token is read, then refused as invalid");
  });

  it("forgives the two usual paste mistakes with one of our tokens", () => {
    assert.equal(bearerSecret("Bearer Bearer ghscim_abc"), "ghscim_abc");
    assert.equal(bearerSecret("ghscim_abc"), "ghscim_abc");
  });

  it("finds nothing in other schemes or shapes", () => {
    for (const header of [null, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer a b", "Token ghscim_abc", "ghscim_a b", "Bearer Bearer other"]) {
      assert.equal(bearerSecret(header), null, String(header));
    }
  });
});
