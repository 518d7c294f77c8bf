import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { adviseOrigin, originProblems, originWarnings } from "./origin-advice";
import { originFromHeaders } from "./request-origin-headers";

describe("originProblems", () => {
  it("names http, localhost and private addresses; a public https origin has none", () => {
    assert.deepEqual(originProblems("https://gatehouse.example.org"), []);
    assert.deepEqual(originProblems("https://203.0.114.7"), []);
    assert.deepEqual(originProblems("http://gatehouse.example.org"), ["http"]);
    assert.deepEqual(originProblems("http://localhost:3811"), ["http", "localhost"]);
    assert.deepEqual(originProblems("https://127.0.0.1:3000"), ["localhost"]);
    assert.deepEqual(originProblems("http://[::1]:3000"), ["http", "localhost"]);
    for (const host of ["10.1.2.3", "172.20.0.5", "192.168.1.10", "192.0.2.2", "169.254.1.1", "100.64.0.1", "[fd00::1]", "[fe80::1]", "intranet", "gatehouse.local", "box.internal"]) {
      assert.deepEqual(originProblems(`https://${host}`), ["private"], host);
    }
    assert.deepEqual(originProblems("https://172.32.0.1"), []);
  });
});

describe("adviseOrigin", () => {
  const fallback = "http://localhost:3811";

  it("shows the browser's address for SCIM when APP_URL is unset, and warns it is not public", () => {
    const a = adviseOrigin({ configured: null, browser: "http://192.0.2.2:3811", fallback, followBrowser: true });
    assert.equal(a.shown, "http://192.0.2.2:3811");
    assert.equal(a.source, "browser");
    assert.equal(a.differs, null);
    const [warning, ...rest] = originWarnings(a);
    assert.match(warning!, /^Okta and Entra ID need a public https URL: set APP_URL\./);
    assert.match(warning!, /http, not https; it is a private address/);
    assert.deepEqual(rest, []);
  });

  it("keeps APP_URL and warns when the browser uses another address", () => {
    const a = adviseOrigin({ configured: "https://id.example.org/", browser: "https://gatehouse.example.org", fallback, followBrowser: true });
    assert.equal(a.shown, "https://id.example.org");
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.differs, { configured: "https://id.example.org", browser: "https://gatehouse.example.org" });
    assert.match(originWarnings(a).join(" "), /^APP_URL is https:\/\/id\.example\.org, but your browser is using https:\/\/gatehouse\.example\.org\./);
  });

  it("says nothing when APP_URL is public https and the browser agrees", () => {
    const a = adviseOrigin({ configured: "https://gatehouse.example.org", browser: "https://gatehouse.example.org", fallback, followBrowser: true });
    assert.deepEqual(originWarnings(a), []);
  });

  it("for SAML keeps the server's own address and says the browser's differs", () => {
    const a = adviseOrigin({ configured: null, browser: "http://192.0.2.2:3811", fallback, followBrowser: false });
    assert.equal(a.shown, fallback);
    assert.equal(a.source, "default");
    const warnings = originWarnings(a);
    assert.equal(warnings.length, 2);
    assert.match(warnings[1]!, /because APP_URL is not set, not the address in your browser \(http:\/\/192\.0\.2\.2:3811\)/);
  });

  it("without a readable browser address falls back to the default", () => {
    const a = adviseOrigin({ configured: null, browser: null, fallback, followBrowser: true });
    assert.equal(a.shown, fallback);
    assert.equal(a.source, "default");
    assert.equal(a.differs, null);
  });
});

describe("originFromHeaders", () => {
  it("reads Host, or the first X-Forwarded-Host/Proto, and refuses anything that is not a plain host", () => {
    assert.equal(originFromHeaders({ host: "192.0.2.2:3811" }), "http://192.0.2.2:3811");
    assert.equal(originFromHeaders({ host: "10.0.0.5:3000", forwardedHost: "gatehouse.example.org, proxy.internal", forwardedProto: "https,http" }), "https://gatehouse.example.org");
    assert.equal(originFromHeaders({ host: "[::1]:3000" }), "http://[::1]:3000");
    assert.equal(originFromHeaders({ host: "GATEHOUSE.example.org" }), "http://gatehouse.example.org");
    assert.equal(originFromHeaders({ host: "evil.test/path" }), null);
    assert.equal(originFromHeaders({ host: "a@evil.test" }), null);
    assert.equal(originFromHeaders({ host: "x\"><script>" }), null);
    assert.equal(originFromHeaders({ host: "ok.test", forwardedProto: "javascript" }), "http://ok.test");
    assert.equal(originFromHeaders({ host: "ok.test:99999" }), null);
    assert.equal(originFromHeaders({}), null);
  });
});
