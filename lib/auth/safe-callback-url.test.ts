import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { safeCallbackUrl } from "./safe-callback-url";

const ORIGIN = "https://gatehouse.example.com";

// Known open-redirect bypasses: each is read by a browser as another host (or a script).
const OPEN_REDIRECT_PAYLOADS = [
  "https://evil.test/",
  "//evil.test/",
  "///evil.test/",
  "////evil.test/",
  "/\\evil.test/",
  "\\\\evil.test/",
  "/\\/evil.test/",
  "\\/evil.test/",
  "/\t/evil.test/",
  "/\n/evil.test/",
  "/\r\n/evil.test/",
  "\t//evil.test/",
  " //evil.test/",
  "/\u0000/evil.test/",
  "http:evil.test",
  "https:/\\evil.test",
  "http://evil.test\\@gatehouse.example.com/",
  "https://gatehouse.example.com@evil.test/",
  "https://gatehouse.example.com.evil.test/",
  "http://gatehouse.example.com/", // same host, other scheme: another origin
  "https://user:pass@gatehouse.example.com/",
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "https://gatehouse.example.com//evil.test/",
  "/%09/evil.test/".replace("%09", "\t"),
];

describe("safeCallbackUrl", () => {
  it("keeps paths on this site, and same-origin absolute URLs as paths", () => {
    assert.equal(safeCallbackUrl("/teams/acme/members?status=ACTIVE", ORIGIN), "/teams/acme/members?status=ACTIVE");
    assert.equal(safeCallbackUrl(`${ORIGIN}/teams/acme/audit#scim`, ORIGIN), "/teams/acme/audit#scim");
    assert.equal(safeCallbackUrl("teams/acme/members", ORIGIN), "/teams/acme/members");
    // Encoded slashes stay encoded: the browser asks this site for that path.
    assert.equal(safeCallbackUrl("/%2F/evil.test/", ORIGIN), "/%2F/evil.test/");
    assert.equal(safeCallbackUrl("/%09/evil.test/", ORIGIN), "/%09/evil.test/");
  });

  it("refuses every known bypass", () => {
    for (const bad of [...OPEN_REDIRECT_PAYLOADS, "", undefined, null]) {
      const out = safeCallbackUrl(bad, ORIGIN);
      assert.equal(new URL(out, ORIGIN).origin, ORIGIN, JSON.stringify(bad));
      assert.ok(!/^\/[/\\]/.test(out), `${JSON.stringify(bad)} -> ${out}`);
    }
    assert.equal(safeCallbackUrl("/\t/evil.test/", ORIGIN), "/");
    assert.equal(safeCallbackUrl("https://evil.test/", ORIGIN), "/");
  });
});
