// /api/health tells a load balancer whether this instance can reach its database: 200 while it
// can, 503 while it cannot (refused, a host that never speaks, a database that took the connection
// and never answers), within the check's own bound, never leaving a connection open behind it, and
// never cached. A full pool of the app's is not a database away (lib/db/health.ts).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase } from "@/lib/testing/test-database";
import { awayDatabases } from "@/lib/testing/away-database";
import { TEST_POSTGRES_SERVER_URL } from "@/lib/testing/own-postgres-database";
import { useDatabaseForTests } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/open";
import { embeddedHealth, postgresHealth } from "@/lib/db/health";
import { GET } from "./route";
import { healthResponse } from "./health-response";

const away = awayDatabases();
after(away.close);
const at = (port: number) => `postgresql://gatehouse@127.0.0.1:${port}/gatehouse`;

describe("GET /api/health", () => {
  it("answers 200, never cached, while the database answers", async () => {
    const t = await createTestDatabase();
    try {
      useDatabaseForTests(t.db);
      const res = await GET();
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: "ok" });
      assert.equal(res.headers.get("cache-control"), "no-store");
    } finally {
      await t.close();
    }
  });

  it("answers 503 with the reason, never cached, while it does not", async () => {
    for (const database of ["unreachable", "not answering"] as const) {
      const res = healthResponse(database);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { status: "unavailable", database });
      assert.equal(res.headers.get("cache-control"), "no-store");
    }
  });
});

describe("the check on PostgreSQL", () => {
  it("finds a database that refuses connections unreachable", async () => {
    assert.equal(await postgresHealth(at(await away.refusingPort())), "unreachable");
  });

  // Bounded: without the check's own bounds these would wait for the kernel, or for ever.
  it("finds a host that takes the connection and never speaks not answering, and closes the connection", { timeout: 20_000 }, async () => {
    const server = await away.silentServer();
    assert.equal(await postgresHealth(at(server.port), 200), "not answering");
    await server.allClosed();
  });

  it("finds a database that never answers the statement not answering, and closes the connection", { timeout: 20_000 }, async () => {
    // The app's own pool would wait 60 s (query_timeout) for this statement, holding its connection.
    const server = await away.goneSilentServer();
    assert.equal(await postgresHealth(at(server.port), 200), "not answering");
    await server.allClosed();
  });

  it("finds the database ok while every connection of the app's pool is taken", { timeout: 20_000 }, async () => {
    const { db, close } = await openDatabase(`${TEST_POSTGRES_SERVER_URL}?connection_limit=1`);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await held;
    });
    try {
      assert.equal(await postgresHealth(TEST_POSTGRES_SERVER_URL, 2_000), "ok");
    } finally {
      release();
      await holding;
      await close();
    }
  });
});

describe("the check on the embedded database", () => {
  it("waits its turn behind a transaction, and never queues a second statement behind its first", { timeout: 60_000 }, async () => {
    const t = await createTestDatabase({ embedded: true });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const begin = new Promise<void>((resolve) => (begun = resolve));
    const holding = t.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      begun();
      await held;
    });
    await begin;
    try {
      const check = embeddedHealth(async () => t.db);
      assert.equal(await check(200), "not answering");
      // Its first statement still waits: a second check answers at once rather than queue
      // another (with this bound it would otherwise outlast the test's own timeout).
      assert.equal(await check(600_000), "not answering");
      release();
      await holding;
      // A statement of the test's own, queued after the check's: once it is answered, so is that.
      await t.db.$queryRaw`SELECT 1`;
      assert.equal(await check(), "ok");
    } finally {
      release();
      await t.close();
    }
  });
});
