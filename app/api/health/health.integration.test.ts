// /api/health tells a load balancer whether this instance can reach its database: 200 while it
// can, 503 while it cannot (refused, or connected and never answering, within the check's own
// bound rather than the pool's), and never a cached answer.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase } from "@/lib/testing/test-database";
import { awayDatabases } from "@/lib/testing/away-database";
import { useDatabaseForTests } from "@/lib/db/client";
import { databaseHealth } from "@/lib/db/health";
import { GET } from "./route";

const away = awayDatabases();
after(away.close);

describe("GET /api/health", () => {
  it("answers 200 while the database answers", async () => {
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

  it("answers 503 while the database refuses connections", async () => {
    useDatabaseForTests(await away.databaseAt(await away.refusingPort()));
    const res = await GET();
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: "unavailable", database: "unreachable" });
    assert.equal(res.headers.get("cache-control"), "no-store");
  });

  it("answers 503 within its own bound when the database took the connection and never answers", async () => {
    // The pool would wait 60 s for this statement: the check gives up first.
    const db = await away.databaseAt(await away.goneSilentPort(), "?query_timeout=60");
    assert.equal(await databaseHealth(async () => db, 200), "not answering");
  });

  it("answers 503 when the database cannot even be opened", async () => {
    assert.equal(await databaseHealth(() => Promise.reject(new Error("the embedded folder is locked"))), "unreachable");
  });
});
