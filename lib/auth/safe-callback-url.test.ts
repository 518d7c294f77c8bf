import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { safeCallbackUrl } from "./safe-callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site", () => {
    assert.equal(safeCallbackUrl("/teams/acme/members?status=ACTIVE"), "/teams/acme/members?status=ACTIVE");
  });
  it("refuses other origins and tricks that browsers treat as one", () => {
    for (const bad of ["https://evil.test/", "//evil.test", "/\\evil.test", "javascript:alert(1)", "", undefined, null]) {
      assert.equal(safeCallbackUrl(bad), "/", String(bad));
    }
  });
});
