import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { NextRequest } from "next/server";

// The https case: HSTS and upgrade-insecure-requests (the e2e server runs on http).
process.env.APP_URL = "https://gatehouse.example.com";
const { proxy } = await import("./proxy");

describe("proxy (security headers of a page)", () => {
  it("sends a nonce CSP to the browser and the same one to Next, and HSTS over https", () => {
    const res = proxy(new NextRequest("https://gatehouse.example.com/login"));
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /upgrade-insecure-requests/);
    assert.equal(res.headers.get("x-middleware-request-content-security-policy"), csp, "Next reads the nonce from the request");
    assert.match(res.headers.get("strict-transport-security") ?? "", /^max-age=\d{8,}; includeSubDomains$/);
    const again = proxy(new NextRequest("https://gatehouse.example.com/login")).headers.get("content-security-policy");
    assert.notEqual(again, csp, "a new nonce per request");
  });
});
