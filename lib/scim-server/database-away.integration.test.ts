// When PostgreSQL is away (restarting, failing over, a host that does not answer), a SCIM request
// is answered 503 in SCIM's error format, which Okta and Entra retry, rather than a bare 500, and
// it is answered within the pool's connect_timeout rather than held for minutes.
// No database server is needed: the "servers" here refuse, or accept and never speak.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { openDatabase } from "../db/open";
import { isDatabaseUnreachable } from "../db/errors";
import { Prisma } from "../db/generated/client";
import { queryPrepared } from "../db/statement-names";
import { scimClient } from "../testing/scim-harness";

const SECRET = `ghscim_${"x".repeat(40)}`;
const closers: (() => Promise<unknown>)[] = [];
after(() => Promise.all(closers.map((close) => close())));

/** A port that refuses connections (a server stopped): bound for a moment, then closed. */
async function refusingPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never answers (a host hung, a black-holed route). */
async function silentPort(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as net.AddressInfo).port;
}

/**
 * A "database" that lets clients connect (the protocol's startup: authentication ok, ready for
 * query) and then never answers a statement: the peer of an open connection gone silent, as after
 * a failover or a partition.
 */
async function goneSilentPort(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let started = false;
    socket.on("data", () => {
      if (started) return;
      started = true;
      const authOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
      const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
      socket.write(Buffer.concat([authOk, ready]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as net.AddressInfo).port;
}

async function databaseAt(port: number, query = "") {
  const { db, close } = await openDatabase(`postgresql://gatehouse@127.0.0.1:${port}/gatehouse${query}`);
  closers.push(close);
  return db;
}

describe("SCIM with the database away", () => {
  it("answers 503 in SCIM's error format when the database refuses connections, and logs the outage once, not per request", async () => {
    const db = await databaseAt(await refusingPort());
    const logged: unknown[][] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      for (let i = 0; i < 3; i++) await scimClient(db, SECRET)("GET", "/Users?count=1");
    } finally {
      console.error = log;
    }
    assert.ok(logged.filter((args) => /database unreachable/.test(String(args[0]))).length <= 1, `${logged.length} lines`);
    const res = await scimClient(db, SECRET)("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@away.test"')}`);
    assert.equal(res.status, 503);
    assert.deepEqual(res.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
    assert.equal(res.body.status, "503");
    assert.match(res.body.detail, /retry/);
    // When to come back, as a 429 says it (RFC 9110 §10.2.3): Okta honours it rather than its own backoff.
    assert.equal(res.headers.get("retry-after"), "5");
  });

  // Without the bound the request waits for ever: the test's own timeout turns that into a failure.
  it("gives up on a database that accepts and never answers after connect_timeout, and answers 503", { timeout: 30_000 }, async () => {
    const db = await databaseAt(await silentPort(), "?connect_timeout=0.2");
    const res = await scimClient(db, SECRET)("POST", "/Users", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@away.test" } });
    assert.equal(res.status, 503);
    assert.equal(res.body.status, "503");
    assert.equal(res.headers.get("retry-after"), "5");
  });

  // Without the bound a statement on a connection whose peer went silent waits for ever: the
  // test's own timeout turns that into a failure.
  it("gives up on a statement the database never answers after query_timeout, answers 503, and does so again", { timeout: 30_000 }, async () => {
    const db = await databaseAt(await goneSilentPort(), "?query_timeout=0.3");
    const scim = scimClient(db, SECRET);
    for (const attempt of ["first", "second"]) {
      const res = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@away.test"')}`);
      assert.equal(res.status, 503, attempt);
      assert.equal(res.headers.get("retry-after"), "5");
    }
  });

  it("tells an unreachable database apart on every path: the driver's own, Prisma's raw and model queries, a transaction", async () => {
    const db = await databaseAt(await refusingPort());
    const failures = await Promise.all([
      queryPrepared(db, Prisma.sql`SELECT 1`),
      db.$queryRaw`SELECT 1`,
      db.team.findFirst(),
      db.$transaction((tx) => tx.team.findFirst()),
    ].map((p) => p.then(() => assert.fail("the query ran"), (e: unknown) => e)));
    for (const e of failures) assert.ok(isDatabaseUnreachable(e), String(e));
  });
});
