import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { allowedMethods, preflightScimRequest, preflightUnparsedRequest, tolerantScimTarget } from "./endpoints";

describe("tolerantScimTarget", () => {
  it("reads a doubled or trailing slash under the SCIM base as the IdP meant it, query untouched", () => {
    assert.equal(tolerantScimTarget("/api/scim/v2//Users?filter=userName%20eq%20%22a//b/%22"), "/api/scim/v2/Users?filter=userName%20eq%20%22a//b/%22");
    assert.equal(tolerantScimTarget("/api/scim/v2/Users/"), "/api/scim/v2/Users");
    assert.equal(tolerantScimTarget("/api/scim/v2///Users//abc//"), "/api/scim/v2/Users/abc");
    assert.equal(tolerantScimTarget("/api/scim/v2/"), "/api/scim/v2");
    assert.equal(tolerantScimTarget("/api/scim/v2/Users/abc?x=/"), "/api/scim/v2/Users/abc?x=/");
  });

  it("leaves other paths, and encoded slashes, as they are", () => {
    for (const t of ["/login//", "/api/scim/v2", "/api/scim//v2/Users", "/api/scim/v2/Users/a%2F%2Fb", "//api/scim/v2/Users/", "http://h/api/scim/v2//Users", "/api/scim/v2/a//../../x", "/api/scim/v2//Users/%2E%2E/x/"]) assert.equal(tolerantScimTarget(t), t);
  });
});

describe("allowedMethods", () => {
  it("lists what each SCIM endpoint serves", () => {
    assert.equal(allowedMethods("/Users"), "GET, POST");
    assert.equal(allowedMethods("/Groups/abc"), "GET, PUT, PATCH, DELETE");
    assert.equal(allowedMethods("/Schemas/urn:x"), "GET");
    assert.equal(allowedMethods("/ServiceProviderConfig"), "GET");
    assert.equal(allowedMethods("/Users/a/b"), undefined);
    assert.equal(allowedMethods(""), undefined);
  });
});

describe("preflightScimRequest", () => {
  it("answers methods Next.js does not route with a SCIM 405 and Allow, on every SCIM endpoint", () => {
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK", "COPY", "MOVE", "CONNECT"]) {
      const pre = preflightScimRequest(method, "/api/scim/v2/Users?filter=x");
      assert.equal(pre?.error.status, 405, method);
      assert.equal(pre?.headers.Allow, "GET, POST");
    }
    assert.equal(preflightScimRequest("TRACE", "/api/scim/v2/Groups/1")?.headers.Allow, "GET, PUT, PATCH, DELETE");
    assert.equal(preflightScimRequest("PROPFIND", "http://gatehouse.test/api/scim/v2/Schemas")?.headers.Allow, "GET");
  });

  it("answers unknown paths and the bare base with 404, and undecodable paths with 400", () => {
    assert.equal(preflightScimRequest("TRACE", "/api/scim/v2")?.error.status, 404);
    assert.equal(preflightScimRequest("TRACE", "/api/scim/v2/Nope")?.error.status, 404);
    assert.equal(preflightScimRequest("GET", "/api/scim/v2/Users/%ZZ")?.error.status, 400);
  });

  it("leaves routed methods and other paths to Next.js", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]) assert.equal(preflightScimRequest(method, "/api/scim/v2/Users"), undefined);
    assert.equal(preflightScimRequest("TRACE", "/login"), undefined);
    assert.equal(preflightScimRequest("TRACE", "/api/scim/v2x"), undefined);
    assert.equal(preflightScimRequest("GET", "/login/%ZZ"), undefined);
  });
});

describe("preflightUnparsedRequest", () => {
  it("answers oversized headers (431) and unknown methods (405) on SCIM paths from the raw request line", () => {
    assert.equal(preflightUnparsedRequest("HPE_HEADER_OVERFLOW", "GET /api/scim/v2/Users?x=1 HTTP/1.1\r\nHost: a\r\nX-Big: aaaa")?.error.status, 431);
    const foo = preflightUnparsedRequest("HPE_INVALID_METHOD", "FOO /api/scim/v2/Groups/1 HTTP/1.1\r\n");
    assert.equal(foo?.error.status, 405);
    assert.equal(foo?.headers.Allow, "GET, PUT, PATCH, DELETE");
  });

  it("leaves other paths, other parse errors and unreadable request lines to Node", () => {
    assert.equal(preflightUnparsedRequest("HPE_HEADER_OVERFLOW", "GET /login HTTP/1.1\r\n"), undefined);
    assert.equal(preflightUnparsedRequest("HPE_INVALID_HEADER_TOKEN", "GET /api/scim/v2/Users HTTP/1.1\r\n"), undefined);
    assert.equal(preflightUnparsedRequest("HPE_HEADER_OVERFLOW", "garbage"), undefined);
  });
});
