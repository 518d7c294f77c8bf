// `npm start` on the embedded database with the CLIs run beside it: the server owns the folder,
// the CLIs ask it (so a token works at once and nothing is lost), a second `npm start` on the same
// folder is refused, and everything acknowledged is there after a restart.
// Needs a production build (`npx next build`; `npm test` builds before the integration step).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ServerProcess } from "./testing/server-process";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-serve-"));
// DATABASE_URL unset: the embedded database must follow GATEHOUSE_DATA_DIR.
const ENV = { ...process.env, DATABASE_URL: "", GATEHOUSE_DATA_DIR: DATA, PORT: String(PORT), APP_URL: BASE, NEXTAUTH_URL: BASE, NEXT_TELEMETRY_DISABLED: "1" };

/** Runs a script to its end without blocking this process (the server's idle sockets keep being served). */
function tsx(script: string, args: string[] = [], env: NodeJS.ProcessEnv = ENV): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", script, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const server = new ServerProcess(ENV);

async function newToken(name: string): Promise<string> {
  // Run without the server's APP_URL, as from another shell: the endpoint printed is the one the
  // server that made the token answers on, not this shell's default.
  const { APP_URL: _a, NEXTAUTH_URL: _n, PORT: _p, ...shell } = ENV;
  const r = await tsx("scripts/scim-token.ts", ["acme", name], shell);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /asking the running server/);
  assert.match(r.stdout, new RegExp(`^SCIM endpoint: ${BASE}/api/scim/v2$`, "m"));
  return r.stdout.trim().split("\n").at(-1)!;
}

async function createUsers(token: string, prefix: string, n: number) {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${BASE}/api/scim/v2/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `${prefix}-${i}@acme.test` }),
    });
    assert.equal(res.status, 201, `${await res.text()}\n${server.log}`);
  }
}

async function memberCount(token: string): Promise<number> {
  const res = await fetch(`${BASE}/api/scim/v2/Users?count=0`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { totalResults: number }).totalResults;
}

describe("npm start owns the embedded database; CLIs ask it", () => {
  before(async () => {
    assert.ok(fs.existsSync(path.join(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID")), "needs a production build: npx next build");
    await server.start();
  });
  after(async () => {
    if (process.exitCode) console.error(server.log);
    await server.stop();
    fs.rmSync(DATA, { recursive: true, force: true });
  });

  // Without, Node closes an idle kept connection after 5 s, and a client (an IdP, the load balancer
  // in front) that sends on it just then gets a reset: seen in CI as Playwright's "socket hang up".
  it("tells clients it keeps an idle connection 65 s, longer than a load balancer's usual 60", async () => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
        http.get(`${BASE}/login`, { agent }, (res) => res.resume().on("end", () => resolve(res.headers))).on("error", reject);
      });
      assert.equal(headers.connection, "keep-alive");
      assert.equal(headers["keep-alive"], "timeout=65");
    } finally {
      agent.destroy();
    }
  });

  it("answers a load balancer's health check at /api/health, GET and HEAD", async () => {
    const res = await fetch(`${BASE}/api/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ok" });
    assert.equal((await fetch(`${BASE}/api/health`, { method: "HEAD" })).status, 200);
  });

  // Found by an operations review: a stop cut requests in flight, many of whose writes had
  // committed, so the IdP saw a network error for a change made (and its retry a 409).
  it("lets a request in flight finish when it is stopped: answered, and kept", async () => {
    const token = await newToken("drain");
    const body = JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "in-flight@acme.test" });
    const socket = net.connect(PORT, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8").on("data", (d: string) => (received += d));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setImmediate(r));
    };
    // Expect: 100-continue: the server's "100 Continue" says it holds the request, before the body.
    socket.write(
      `POST /api/scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await until(() => received.includes("100 Continue"));
    const exited = new Promise((r) => server.child!.once("exit", r));
    server.child!.kill("SIGTERM");
    // Stopping: the listener is closed (new connections refused), the request still open.
    for (;;) {
      const refused = await new Promise<boolean>((resolve) => {
        const probe = net.connect(PORT, "127.0.0.1", () => (probe.destroy(), resolve(false))).once("error", () => resolve(true));
      });
      if (refused) break;
    }
    socket.write(body);
    await closed;
    assert.match(received, /HTTP\/1\.1 201 Created/, received);
    await exited;
    await server.start();
    const found = await fetch(`${BASE}/api/scim/v2/Users?filter=${encodeURIComponent('userName eq "in-flight@acme.test"')}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(((await found.json()) as { totalResults: number }).totalResults, 1);
  });

  it("keeps the database in GATEHOUSE_DATA_DIR, makes tokens that work at once, refuses a second server and loses nothing", async () => {
    assert.ok(fs.existsSync(path.join(DATA, "pglite", "PG_VERSION")), "the embedded database lives in GATEHOUSE_DATA_DIR");

    const first = await newToken("first");
    await createUsers(first, "a", 5);

    const second = await tsx("scripts/start.ts", ["--no-build"]);
    assert.equal(second.status, 1);
    assert.match(second.stderr, /already running on this embedded database/);

    const again = await newToken("second");
    await createUsers(again, "b", 5);
    await createUsers(first, "c", 2);

    const backup = path.join(DATA, "while-serving.gatehouse-backup.gz");
    const b = await tsx("scripts/db-backup.ts", [backup]);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(fs.existsSync(backup));

    const before = await memberCount(first);
    assert.equal(before, 5 + 1 + 12, "5 seeded + the one created while stopping + 12 created");
    await server.stop();
    await server.start();
    assert.equal(await memberCount(again), before);
  });
});
