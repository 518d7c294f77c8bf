// The request guard on a real Node HTTP server: what Next.js or Node's parser would answer before
// any route handler (TRACE: 500, WebDAV methods: empty 400, FOO: bare 400, oversized headers: bare
// 431, undecodable paths: 500) is a SCIM error for paths under /api/scim/v2, and untouched elsewhere.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { installScimRequestGuard } from "./request-guard";

let server: http.Server;
let port: number;
before(async () => {
  installScimRequestGuard();
  // Stands in for Next.js: whatever reaches it answers 299.
  server = http.createServer((_req, res) => res.writeHead(299).end("app"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends bytes as written and reads the whole answer (the guard closes the connection). */
function send(raw: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(raw));
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (c: string) => {
      data += c;
      // Answers from the stand-in app keep the connection open: stop after its body.
      if (data.endsWith("app")) socket.end();
    });
    socket.on("close", () => {
      const [head = "", body = ""] = data.split("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.on("error", reject);
  });
}

function assertScimError(res: { status: number; head: string; body: string }, status: number, allow?: string) {
  assert.equal(res.status, status, res.head);
  assert.match(res.head, /content-type: application\/scim\+json/i);
  const body = JSON.parse(res.body);
  assert.deepEqual(body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
  assert.equal(body.status, String(status));
  if (allow) assert.match(res.head, new RegExp(`allow: ${allow}`, "i"));
}

describe("request guard", () => {
  it("TRACE, WebDAV methods and unknown methods on SCIM paths → SCIM 405 with Allow", async () => {
    assertScimError(await send("TRACE /api/scim/v2/Users HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "GET, POST");
    assertScimError(await send("PROPFIND /api/scim/v2/Users/abc HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "GET, PUT, PATCH, DELETE");
    assertScimError(await send("MKCOL /api/scim/v2/Schemas HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "GET");
    assertScimError(await send("FOO /api/scim/v2/Groups HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "GET, POST");
    assertScimError(await send("TRACE /api/scim/v2 HTTP/1.1\r\nHost: x\r\n\r\n"), 404);
  });

  it("oversized headers → SCIM 431; an undecodable path → SCIM 400", async () => {
    assertScimError(await send(`GET /api/scim/v2/Users HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`), 431);
    assertScimError(await send("GET /api/scim/v2/Users/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
  });

  it("leaves routed methods and every other path to the app and to Node", async () => {
    assert.equal((await send("GET /api/scim/v2/Users HTTP/1.1\r\nHost: x\r\n\r\n")).status, 299);
    assert.equal((await send("TRACE /login HTTP/1.1\r\nHost: x\r\n\r\n")).status, 299);
    const big = await send(`GET /login HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    assert.equal(big.status, 431);
    assert.equal(big.body, "");
  });
});
