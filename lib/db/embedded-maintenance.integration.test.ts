import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createMigratedDatabase, type EmptyDatabase } from "../testing/test-database";
import { createManyMembers, createTeam, testActor } from "../testing/factories";
import { addMember } from "../members/add-member";
import { maintainAtStartUp, maintainAtStartUpOrLog, maintainDue, maintenanceSqlOf } from "./embedded-maintenance";
import { migrateDatabase } from "./migrations";
import { openDatabase, prismaClientOn, type Db } from "./open";

// The embedded engine whatever DATABASE_URL says: PostgreSQL has autovacuum, and what is tested
// here is what the server does on the embedded database, which has none. A database per test, so
// each one's row counts (and so autovacuum's thresholds) are its own.
let t: EmptyDatabase;
let db: Db;
beforeEach(async () => {
  t = await createMigratedDatabase({ embedded: true });
  db = prismaClientOn(t.adapter.factory);
});
afterEach(async () => {
  await db.$disconnect();
  await t.close();
});

const catalog = async (table: string) => {
  const [row] = await db.$queryRawUnsafe<{ estimated: number; pages: number; visible: number; dead: bigint }[]>(
    `SELECT c.reltuples::float8 AS estimated, c.relpages AS pages, c.relallvisible AS visible, s.n_dead_tup AS dead
       FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = '"${table}"'::regclass`,
  );
  return { ...row, dead: Number(row.dead) };
};

describe("embedded database maintenance", () => {
  it("start-up vacuums every table, so index-only scans need not read the rows, and analyzes what drifted", async () => {
    const team = await createTeam(db);
    await createManyMembers(db, team.id, 2_000);
    assert.equal((await catalog("Membership")).visible, 0, "rows just written are not yet all-visible");

    const done = await maintainAtStartUp(t.adapter.outsideTransaction);
    const after = await catalog("Membership");
    assert.ok(after.pages > 0);
    assert.equal(after.visible, after.pages, "every page of Membership is in the visibility map");
    assert.equal(after.estimated, 2_000, "the planner counts the rows written");
    assert.ok(done.vacuum.includes("Membership") && done.vacuum.includes("ScimRequestLog") && done.vacuum.includes("AuditEvent"), "every table is vacuumed");
    assert.ok(["Membership", "Team", "User"].every((table) => done.analyze.includes(table)), "the tables that grew are analyzed");
    assert.deepEqual((await maintainAtStartUp(t.adapter.outsideTransaction)).analyze, [], "nothing has drifted right after");
  });

  it("while running, vacuums a table once its dead rows pass autovacuum's threshold, and not before", async () => {
    const team = await createTeam(db);
    await createManyMembers(db, team.id, 2_000);
    await maintainAtStartUp(t.adapter.outsideTransaction);
    assert.deepEqual((await maintainDue(maintenanceSqlOf(db))).vacuum, [], "nothing is due right after");
    const ids = await createManyMembers(db, team.id, 1_500);
    assert.ok((await maintainDue(maintenanceSqlOf(db))).vacuum.includes("Membership"), "1,500 rows inserted since the last vacuum: past 1,000 + 20% of 2,000");
    assert.equal((await catalog("Membership")).estimated, 3_500);

    // Deactivations leave a dead row version each (status is indexed: no in-page update).
    const deactivate = (n: number, from: number) =>
      db.membership.updateMany({ where: { id: { in: ids.slice(from, from + n) } }, data: { status: "DEACTIVATED" } });
    await deactivate(700, 0); // 700 dead, threshold 50 + 20% of 3,500 = 750
    const below = await maintainDue(maintenanceSqlOf(db));
    assert.ok(!below.vacuum.includes("Membership"), "700 dead rows: below the threshold");
    assert.ok(below.analyze.includes("Membership"), "700 changed rows: past 50 + 10% of 3,500");
    assert.equal((await catalog("Membership")).dead, 700);

    await deactivate(100, 700);
    const past = await maintainDue(maintenanceSqlOf(db));
    assert.ok(past.vacuum.includes("Membership"), "800 dead rows: past the threshold");
    const after = await catalog("Membership");
    assert.equal(after.dead, 0, "the dead rows are reclaimed");
    assert.equal(after.visible, after.pages);
    assert.deepEqual(await maintainDue(maintenanceSqlOf(db)), { vacuum: [], analyze: [] }, "then nothing is due");
  });
});

describe("start-up on the embedded database", () => {
  it("goes on when maintenance fails, saying so: the server serves without it, only slower", async () => {
    const failing = { query: async () => { throw new Error("disk full"); }, exec: async () => { throw new Error("disk full"); } };
    const logged: unknown[][] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      await maintainAtStartUpOrLog(failing);
    } finally {
      console.error = error;
    }
    assert.match(String(logged[0]?.[0]), /Maintaining the embedded database/);
    assert.match(String(logged[0]?.[1]), /disk full/);
  });

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
        const membership = await reopened.db.$queryRawUnsafe<{ pages: number; visible: number }[]>(`SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE oid = '"Membership"'::regclass`);
        assert.ok(membership[0].pages > 0);
        assert.equal(membership[0].visible, membership[0].pages, "vacuumed");
        assert.deepEqual((await maintainAtStartUp(reopened.adapter.outsideTransaction)).analyze, [], "and analyzed");
      } finally {
        await reopened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
