// The production server's SCIM path ahead of Next (serve-direct.ts), on a real Node HTTP server and
// a real database: it must answer exactly what the route handlers answer through Next (the
// in-process client stands in for that), carry the headers next.config.ts gives SCIM answers, keep
// the request log, and leave to Next every request Next would not route to a handler as it is.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { oktaUser, scimClient, teamWithToken, type ScimResponse } from "@/lib/testing/scim-harness";
import { processRequestLogBuffer } from "@/lib/scim-server/request-log-buffer";
import { markServedDirectly } from "@/lib/scim-server/served-directly";
import { GET as listUsersRoute } from "./Users/route";
import { API_CSP, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";
import { serveScimDirect } from "./serve-direct";

const NEXT = 299;
let t: TestDatabase;
let server: http.Server;
let origin: string;
let token: string;
let inProcess: ReturnType<typeof scimClient>;

before(async () => {
  t = await createTestDatabase();
  const team = await teamWithToken(t.db, "direct");
  token = team.token;
  inProcess = scimClient(t.db, token);
  // Stands in for scripts/start.ts: what the direct server leaves goes to "Next", which answers 299.
  server = http.createServer((req, res) => {
    if (!serveScimDirect(req, res)) res.writeHead(NEXT).end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

async function direct(method: string, path: string, { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${origin}/api/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "user-agent": "Okta SCIM Client 1.0.0", ...(body === undefined ? {} : { "content-type": "application/scim+json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: res.status !== NEXT && text ? JSON.parse(text) : undefined };
}

const same = (a: { status: number; body: unknown }, b: ScimResponse, what: string) => {
  assert.equal(a.status, b.status, what);
  assert.deepEqual(a.body, b.body, what);
};

describe("SCIM served ahead of Next", () => {
  it("answers what the route handlers answer, with the headers SCIM answers get from next.config.ts", async () => {
    const created = await direct("POST", "/Users", { body: oktaUser("direct.one@example.test") });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get("location"), created.body.meta.location);
    const id = created.body.id as string;
    const lookup = `/Users?filter=${encodeURIComponent('userName eq "DIRECT.one@example.test"')}`;
    for (const path of [lookup, `/Users/${id}`, "/Users?startIndex=1&count=5", "/ServiceProviderConfig", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "/Bulk", "/Users/not-a-uuid", ""]) {
      const answer = await direct("GET", path);
      same(answer, await inProcess("GET", path), path);
      assert.match(answer.headers.get("content-type") ?? "", /^application\/scim\+json/, path);
      assert.equal(answer.headers.get("content-security-policy"), API_CSP, path);
      for (const h of STATIC_SECURITY_HEADERS) assert.equal(answer.headers.get(h.key), h.value, `${path}: ${h.key}`);
    }
    const patched = await direct("PATCH", `/Users/${id}`, { body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] } });
    assert.equal(patched.status, 200, patched.text);
    same(patched, await inProcess("GET", `/Users/${id}`), "after PATCH");
    // If-None-Match on the current version: 304 without a body.
    const notModified = await direct("GET", `/Users/${id}`, { headers: { "if-none-match": patched.headers.get("etag")! } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.text, "");
    // With the headers the 200 would have carried that a cache keys on (RFC 9110 §15.4.5).
    assert.equal(notModified.headers.get("etag"), patched.headers.get("etag"));
    assert.equal(notModified.headers.get("vary"), "Accept-Encoding");
    same(await direct("PUT", "/Users"), await inProcess("PUT", "/Users"), "405");
    same(await direct("DELETE", `/Users/${id}`), await inProcess("GET", `/Users/${id}`).then(() => ({ status: 204, headers: new Headers(), body: undefined })), "DELETE");
  });

  it("gives an answer's length in bytes, not characters", async () => {
    const created = await direct("POST", "/Users", { body: { ...oktaUser("zoe.direct@example.test"), name: { givenName: "Zoë", familyName: "Ångström 😀" } } });
    assert.equal(created.status, 201, created.text);
    const answer = await direct("GET", `/Users/${created.body.id as string}`);
    assert.equal(answer.body.name.familyName, "Ångström 😀");
    assert.equal(answer.headers.get("content-encoding"), null);
    assert.equal(Number(answer.headers.get("content-length")), Buffer.byteLength(answer.text));
  });

  it("compresses an answer of 1 kB or more for a client that accepts gzip, as Next does", async () => {
    const get = (encoding: string | null) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
        http
          .request(`${origin}/api/scim/v2/Schemas`, { headers: { authorization: `Bearer ${token}`, ...(encoding ? { "accept-encoding": encoding } : {}) } }, (r) => {
            const chunks: Buffer[] = [];
            r.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
          })
          .on("error", reject)
          .end(),
      );
    const plain = await get(null);
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.ok(plain.body.byteLength >= 1024);
    const zipped = await get("br;q=1, gzip;q=0.8");
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.equal(zipped.headers.vary, "Accept-Encoding");
    assert.equal(Number(zipped.headers["content-length"]), zipped.body.byteLength);
    assert.deepEqual(JSON.parse(gunzipSync(zipped.body).toString("utf8")), JSON.parse(plain.body.toString("utf8")));
    assert.equal((await get("gzip;q=0")).headers["content-encoding"], undefined);
  });

  it("refuses a missing token and an oversized body in the SCIM format", async () => {
    const anonymous = await fetch(`${origin}/api/scim/v2/Users`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Bearer/);
    const huge = await direct("POST", "/Users", { body: JSON.stringify({ ...oktaUser("huge@example.test"), title: "x".repeat(2_000_000) }) });
    assert.equal(huge.status, 413, huge.text);
    assert.equal(huge.body.schemas[0], "urn:ietf:params:scim:api:messages:2.0:Error");
  });

  it("keeps the request log: each request, its masked path and the body it read", async () => {
    // A team of its own, so that only these two requests are in its log.
    const logged = await teamWithToken(t.db, "direct-log");
    const headers = { authorization: `Bearer ${logged.token}` };
    await direct("GET", `/Users?filter=${encodeURIComponent('userName eq "logged@example.test"')}`, { headers });
    await direct("POST", "/Users", { body: oktaUser("logged.create@example.test"), headers });
    // The entries are described after the answers went out; a flush as soon as they are out (a
    // clean stop's) still writes both.
    await processRequestLogBuffer().flush();
    type Row = { method: string; path: string; status: number; requestBody: string | null };
    const rows = await t.db.$queryRaw<Row[]>`SELECT method, path, status, "requestBody" FROM "ScimRequestLog" WHERE "teamId" = ${logged.team.id} ORDER BY "createdAt"`;
    assert.deepEqual(rows.map((r) => `${r.method} ${r.status}`), ["GET 200", "POST 201"]);
    assert.doesNotMatch(rows[0]!.path, /logged@example\.test/, "addresses in the logged path are masked");
    assert.match(rows[1]!.requestBody!, /userName/);
    assert.doesNotMatch(rows[1]!.requestBody!, /1mP0ssible/, "the password is not kept");
  });

  it("an answer's log entry is in the buffer once the handler returns: a flush in the same turn writes it", async () => {
    const logged = await teamWithToken(t.db, "direct-log-turn");
    const request = new Request(`http://localhost/api/scim/v2/Users?filter=${encodeURIComponent('userName eq "turn@example.test"')}`, {
      headers: { authorization: `Bearer ${logged.token}` },
    });
    markServedDirectly(request);
    const answer = await listUsersRoute(request, { params: Promise.resolve({}) });
    assert.equal(answer.status, 200);
    // No turn of the event loop in between: what a stop right after the answer would flush.
    await processRequestLogBuffer().flush();
    const rows = await t.db.scimRequestLog.findMany({ where: { teamId: logged.team.id }, select: { method: true, status: true } });
    assert.deepEqual(rows, [{ method: "GET", status: 200 }]);
  });

  it("reads a repeated Authorization or Content-Type header as Next does: the first one", async () => {
    const raw = (head: string, body = "") =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(new URL(origin).port), "127.0.0.1", () => socket.write(`${head}Connection: close\r\n\r\n${body}`));
        let data = "";
        socket.setEncoding("latin1").on("data", (c: string) => (data += c)).on("close", () => resolve(data)).on("error", reject);
      });
    const twoTokens = await raw(`GET /api/scim/v2/Users?count=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nAuthorization: Bearer other\r\n`);
    assert.match(twoTokens, /^HTTP\/1\.1 200 /);
    const body = JSON.stringify(oktaUser("two.types@example.test"));
    const twoTypes = await raw(`POST /api/scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/scim+json\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`, body);
    assert.match(twoTypes, /^HTTP\/1\.1 201 /);
  });

  it("answers a request it cannot hand to a handler in the SCIM format, and logs none of what was sent", async () => {
    // Node's own parser refuses a NUL in a header value; a server run with the lenient one passes it on, and fetch's Headers refuse it.
    const lenient = http.createServer({ insecureHTTPParser: true }, (req, res) => {
      if (!serveScimDirect(req, res)) res.writeHead(NEXT).end("next");
    });
    await new Promise<void>((resolve) => lenient.listen(0, "127.0.0.1", resolve));
    const logged: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect((lenient.address() as AddressInfo).port, "127.0.0.1", () =>
          socket.write(`GET /api/scim/v2/Users?filter=userName%20eq%20%22hidden%40example.test%22 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ghscim_secret\u0000value\r\nConnection: close\r\n\r\n`),
        );
        let data = "";
        socket.setEncoding("latin1").on("data", (c: string) => (data += c)).on("close", () => resolve(data)).on("error", reject);
      });
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.match(answer, /"The request could not be read"/);
    } finally {
      console.error = consoleError;
      await new Promise<void>((resolve) => lenient.close(() => resolve()));
    }
    const text = logged.map((args) => args.map(String).join(" ")).join("\n");
    assert.match(text, /SCIM request failed before its handler/);
    assert.doesNotMatch(text, /secret|hidden/);
  });

  it("leaves to Next what Next would not route to a handler as it is", async () => {
    for (const [method, path] of [
      ["HEAD", "/api/scim/v2/Users"],
      ["OPTIONS", "/api/scim/v2/Users"],
      ["GET", "/api/scim/v2/Users/"],
      ["GET", "/api/scim/v2/"],
      ["GET", "/api/scim/v2//Users"],
      ["GET", "/api/scim/v2/./Users"],
      ["GET", "/api/scim/v2/Users/../Groups"],
      // Next routes these by their parsed path (Groups/%2e%2e/Users is /Users to it): never routed differently here.
      ["GET", "/api/scim/v2/Users/%2e%2e"],
      ["GET", "/api/scim/v2/Groups/%2e%2e/Users"],
      ["DELETE", "/api/scim/v2/Users/x/.%2E/00000000-0000-4000-8000-000000000000"],
      ["GET", "/api/scim/v2/Users#x"],
      ["GET", "/api/scim/v2/Users/abc\\def"],
      ["GET", "/api/scim/v2/Users/a%22b\"c"],
      ["GET", "/api/scim/v2/U%73ers"],
      ["GET", "/api/scim/v2x/Users"],
      ["GET", "/api/scim/Users"],
      ["GET", "/login"],
    ] as const) {
      const res = await new Promise<number>((resolve, reject) =>
        // The path as written: a URL would resolve its dot segments first.
        http.request({ host: "127.0.0.1", port: new URL(origin).port, path, method, headers: { authorization: `Bearer ${token}` } }, (r) => (r.resume(), resolve(r.statusCode!))).on("error", reject).end(),
      );
      assert.equal(res, NEXT, `${method} ${path}`);
    }
  });
});
