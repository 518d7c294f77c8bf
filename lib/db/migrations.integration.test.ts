import { describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { applyMigrations, MigrationError, NewerSchemaError, readMigrations, type Migration } from "./migrations";
import { createEmptyDatabase } from "../testing/test-database";

const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") });

describe("migration runner", () => {
  it("applies the project's migrations once and is a no-op the second time", async () => {
    const t = await createEmptyDatabase();
    try {
      const all = readMigrations();
      assert.deepEqual(await applyMigrations(t.adapter), all.map((m) => m.name));
      assert.deepEqual(await applyMigrations(t.adapter), []);
      const rows = await t.adapter.transaction((sql) => sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`));
      assert.equal(rows[0].n, all.length);
    } finally {
      await t.close();
    }
  });

  it("several instances deploying at the same moment on an empty database apply each migration once", async () => {
    const t = await createEmptyDatabase();
    try {
      const all = readMigrations();
      // On PostgreSQL each call runs on its own pooled connection, as separate instances would.
      const results = await Promise.all(Array.from({ length: 4 }, () => applyMigrations(t.adapter)));
      assert.deepEqual(results.flat().sort(), all.map((m) => m.name).sort());
      const rows = await t.adapter.transaction((sql) => sql.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`));
      assert.deepEqual(rows.map((r) => r.migration_name), all.map((m) => m.name));
    } finally {
      await t.close();
    }
  });

  it("rolls a failing migration back whole and leaves earlier data as it was", async () => {
    const t = await createEmptyDatabase();
    try {
      const first = migration("001_first", `CREATE TABLE thing (id int primary key); INSERT INTO thing VALUES (1);`);
      const broken = migration("002_broken", `INSERT INTO thing VALUES (2); ALTER TABLE thing ADD COLUMN x int; SELECT 1/0;`);
      await assert.rejects(applyMigrations(t.adapter, [first, broken]), (e: unknown) => e instanceof MigrationError && e.migration === "002_broken");
      const rows = await t.adapter.transaction((sql) => sql.query<{ id: number }>(`SELECT * FROM thing ORDER BY id`));
      assert.deepEqual(rows, [{ id: 1 }]);
      const history = await t.adapter.transaction((sql) => sql.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`));
      assert.deepEqual(history.map((h) => h.migration_name), ["001_first"]);
    } finally {
      await t.close();
    }
  });

  it("refuses to continue when an applied migration was edited", async () => {
    const t = await createEmptyDatabase();
    try {
      await applyMigrations(t.adapter, [migration("001_first", `CREATE TABLE thing (id int);`)]);
      await assert.rejects(applyMigrations(t.adapter, [migration("001_first", `CREATE TABLE thing (id bigint);`)]), /was edited/);
    } finally {
      await t.close();
    }
  });

  // Found by review: going back after an upgrade by checking out the old version started it on the
  // newer schema without a word.
  it("refuses a database a newer version upgraded, naming its newest migration", async () => {
    const t = await createEmptyDatabase();
    try {
      const first = migration("001_first", `CREATE TABLE thing (id int);`);
      await applyMigrations(t.adapter, [first, migration("002_second", `ALTER TABLE thing ADD COLUMN name text;`)]);
      await assert.rejects(applyMigrations(t.adapter, [first]), (e: unknown) => e instanceof NewerSchemaError && e.later && /upgraded by a newer Gatehouse .*002_second/.test(e.message));
      // A migration renamed since it was applied (it happened): refused, and said so.
      await assert.rejects(
        applyMigrations(t.adapter, [first, migration("003_second_renamed", `ALTER TABLE thing ADD COLUMN name text;`)]),
        (e: unknown) => e instanceof NewerSchemaError && !e.later && /renamed or removed/.test(e.message),
      );
    } finally {
      await t.close();
    }
  });
});
