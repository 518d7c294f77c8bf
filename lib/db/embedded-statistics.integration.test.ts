import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { addMember } from "../members/add-member";
import { analyzeStaleTables } from "./embedded-statistics";
import { migrateDatabase } from "./migrations";
import { openDatabase } from "./open";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  // On PostgreSQL, keep autovacuum from analyzing these tables in the middle of the test.
  for (const table of ["Membership", "User"]) await t.db.$executeRawUnsafe(`ALTER TABLE "${table}" SET (autovacuum_enabled = false)`);
});
after(() => t.close());

const estimate = async (table: string) =>
  Number((await t.db.$queryRawUnsafe<{ n: number }[]>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = '"${table}"'::regclass`))[0].n);

describe("analyzeStaleTables", () => {
  it("analyzes what drifted, so the planner's row counts follow the directory, and leaves the rest alone", async () => {
    await analyzeStaleTables(t.db);
    assert.deepEqual(await analyzeStaleTables(t.db), [], "nothing is stale right after an analyze");

    const team = await createTeam(t.db);
    for (let i = 0; i < 120; i++) await addMember(t.db, { teamId: team.id, email: `s${i}@stats.test`, source: "SCIM" }, testActor);
    assert.deepEqual((await analyzeStaleTables(t.db)).sort(), ["Membership", "User"]);
    assert.equal(await estimate("Membership"), 120);
    assert.deepEqual(await analyzeStaleTables(t.db), []);
  });
});

describe("start-up on the embedded database", () => {
  it("migrateDatabase leaves the statistics fresh, so the server's first requests never wait behind an ANALYZE", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-stats-"));
    const url = `pglite:${dir}`;
    try {
      await migrateDatabase(url);
      const { db, close } = await openDatabase(url);
      try {
        const team = await createTeam(db);
        // Rows written the way a running server writes them, between two starts.
        for (let i = 0; i < 80; i++) await addMember(db, { teamId: team.id, email: `r${i}@stats.test`, source: "SCIM" }, testActor);
      } finally {
        await close();
      }
      await migrateDatabase(url);
      const reopened = await openDatabase(url);
      try {
        assert.deepEqual(await analyzeStaleTables(reopened.db), []);
      } finally {
        await reopened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
