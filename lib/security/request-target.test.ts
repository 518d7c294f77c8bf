import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { normalizeRequestTarget, trustedForwardedFor } from "./request-target";

const ORIGIN = "https://gatehouse.example.com";

describe("normalizeRequestTarget", () => {
  it("passes paths through, and serves this origin's absolute form as its path", () => {
    assert.deepEqual(normalizeRequestTarget("/api/scim/v2/Users?x=1", ORIGIN), { ok: true, path: "/api/scim/v2/Users?x=1" });
    assert.deepEqual(normalizeRequestTarget(`${ORIGIN}/login`, ORIGIN), { ok: true, path: "/login" });
  });
  it("refuses any other host, scheme or port, and the asterisk form", () => {
    for (const target of ["http://evil.test/api/scim/v2/Users/x", "http://gatehouse.example.com/login", "https://gatehouse.example.com:8443/", "https://x@gatehouse.example.com/", "*", "evil.test:443", "ftp://x/"]) {
      assert.deepEqual(normalizeRequestTarget(target, ORIGIN), { ok: false }, target);
    }
  });
});

describe("trustedForwardedFor", () => {
  it("without a proxy, only the connection's address counts", () => {
    assert.equal(trustedForwardedFor("6.6.6.6", "192.0.2.10", 0), "192.0.2.10");
  });
  it("behind proxies, keeps what they appended", () => {
    assert.equal(trustedForwardedFor("6.6.6.6, 198.51.100.4", "10.0.0.2", 1), "6.6.6.6, 198.51.100.4");
  });
});
