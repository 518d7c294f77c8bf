// db:backup / db:restore: a snapshot restores every row with the same ids, replacing whatever the
// database held since; a backup from another schema version or a file that is not a backup is
// refused and changes nothing. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEmptyDatabase } from "../testing/test-database";
import { createMember, createTeam } from "../testing/factories";
import { applyMigrations } from "./migrations";
import { prismaClientOn } from "./open";
import { SnapshotError, databaseSummary, loadSnapshot, readSnapshotHeader, writeSnapshot } from "./snapshot";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-snapshot-"));

describe("database snapshots (backup and restore)", () => {
  it("restores every row and id, replacing what changed since the backup", async () => {
    const t = await createEmptyDatabase();
    const db = prismaClientOn(t.adapter.factory);
    try {
      await applyMigrations(t.adapter);
      const team = await createTeam(db);
      const kept = await createMember(db, team.id, { givenName: "Kept", role: "ADMIN" });
      for (let i = 0; i < 3; i++) await createMember(db, team.id);
      const file = path.join(tmp(), "b.gatehouse-backup.gz");
      const header = await writeSnapshot(t.adapter, file);
      assert.equal(header.tables.find((x) => x.name === "Membership")?.rows, 4);
      assert.equal((await readSnapshotHeader(file)).migrations.length, header.migrations.length);
      const before = await databaseSummary(t.adapter);

      await db.membership.delete({ where: { id: kept.id } });
      await createMember(db, team.id, { email: "after-backup@example.test" });
      await createTeam(db);
      assert.notDeepEqual(await databaseSummary(t.adapter), before);

      await loadSnapshot(t.adapter, file, "replace");
      assert.deepEqual(await databaseSummary(t.adapter), before);
      const back = await db.membership.findUniqueOrThrow({ where: { id: kept.id }, include: { user: true } });
      assert.equal(back.role, "ADMIN");
      assert.equal(back.givenName, "Kept");
      assert.equal(await db.user.count({ where: { email: "after-backup@example.test" } }), 0);
    } finally {
      await db.$disconnect();
      await t.close();
    }
  });

  it("refuses a backup of another schema version, or a file that is not a backup, and changes nothing", async () => {
    const t = await createEmptyDatabase();
    const db = prismaClientOn(t.adapter.factory);
    try {
      await applyMigrations(t.adapter);
      await createMember(db, (await createTeam(db)).id);
      const dir = tmp();
      const file = path.join(dir, "b.gatehouse-backup.gz");
      await writeSnapshot(t.adapter, file);
      const before = await databaseSummary(t.adapter);

      await t.adapter.transaction((sql) => sql.exec(`DELETE FROM "_prisma_migrations" WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`));
      await assert.rejects(loadSnapshot(t.adapter, file, "replace"), (e: unknown) => e instanceof SnapshotError && /schema version/.test(e.message));

      const junk = path.join(dir, "junk.gz");
      fs.writeFileSync(junk, "not a backup");
      await assert.rejects(loadSnapshot(t.adapter, junk, "replace"), (e: unknown) => e instanceof SnapshotError && /not a Gatehouse backup/.test(e.message));
      assert.deepEqual(await databaseSummary(t.adapter), before);
    } finally {
      await db.$disconnect();
      await t.close();
    }
  });
});
