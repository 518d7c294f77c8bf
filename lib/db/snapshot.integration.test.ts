// db:backup / db:restore: a snapshot restores every row with the same ids, replacing whatever the
// database held since; a backup from another schema version or a file that is not a backup is
// refused and changes nothing. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { createEmptyDatabase } from "../testing/test-database";
import { createMember, createTeam } from "../testing/factories";
import { applyMigrations } from "./migrations";
import { prismaClientOn } from "./open";
import { SnapshotError, databaseSummary, loadSnapshot, missingTables, readSnapshotHeader, writeSnapshot } from "./snapshot";

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
      // The members per team, role and status are kept by triggers, not restored: counted again as
      // the members load, from an emptied table (not added to the counts of before the restore).
      const counts = await db.$queryRaw<{ role: string; status: string; members: number }[]>`
        SELECT role::text AS role, status::text AS status, members FROM "TeamMemberCount" WHERE members <> 0 ORDER BY role, status`;
      assert.deepEqual(counts.map((r) => `${r.role} ${r.status} ${r.members}`), ["ADMIN ACTIVE 1", "MEMBER ACTIVE 3"]);
      const back = await db.membership.findUniqueOrThrow({ where: { id: kept.id }, include: { user: true } });
      assert.equal(back.role, "ADMIN");
      assert.equal(back.givenName, "Kept");
      assert.equal(await db.user.count({ where: { email: "after-backup@example.test" } }), 0);
    } finally {
      await db.$disconnect();
      await t.close();
    }
  });

  it("restores a backup that holds the member counts (taken beside the version before, in a rolling upgrade), counting them again", async () => {
    const t = await createEmptyDatabase();
    const db = prismaClientOn(t.adapter.factory);
    try {
      await applyMigrations(t.adapter);
      const team = await createTeam(db);
      for (let i = 0; i < 3; i++) await createMember(db, team.id);
      const dir = tmp();
      const file = path.join(dir, "b.gatehouse-backup.gz");
      await writeSnapshot(t.adapter, file);
      // As the version before wrote it: the count rows listed and held like any table's.
      const lines = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").trim().split("\n");
      const header = JSON.parse(lines[0]!);
      header.tables.push({ name: "TeamMemberCount", rows: 1, digest: "0", columns: ["teamId", "role", "status", "members"] });
      lines[0] = JSON.stringify(header);
      lines.push(JSON.stringify({ t: "TeamMemberCount", r: [{ teamId: team.id, role: "MEMBER", status: "ACTIVE", members: 3 }] }));
      const old = path.join(dir, "old.gatehouse-backup.gz");
      fs.writeFileSync(old, zlib.gzipSync(`${lines.join("\n")}\n`));

      await createMember(db, team.id);
      assert.deepEqual(await missingTables(t.adapter, old), []);
      await loadSnapshot(t.adapter, old, "replace");
      const counts = await db.$queryRaw<{ members: number }[]>`SELECT members FROM "TeamMemberCount" WHERE "teamId" = ${team.id} AND role = 'MEMBER' AND status = 'ACTIVE'`;
      assert.deepEqual(counts.map((r) => r.members), [3]);
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
