import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { addMember } from "../members/add-member";
import { analyzeStaleTables } from "./embedded-statistics";

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
