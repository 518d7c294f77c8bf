// A restore saves what it replaces, then loads the backup. In two transactions (a snapshot, then
// the load), a write committed between them was in neither the restored database nor the file of
// what was replaced: 421 acknowledged creates lost in a review's run. The restore now holds every
// table from its start: a write in flight finishes first and is in that file. On the PostgreSQL
// server (PGlite runs one statement at a time).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, it } from "node:test";
import pg from "pg";
import { TEST_POSTGRES_SERVER_URL } from "../testing/own-postgres-database";

process.env.DATABASE_URL = TEST_POSTGRES_SERVER_URL;
const { createMigratedDatabase } = await import("../testing/test-database");
const { createMember, createTeam } = await import("../testing/factories");
const { waitsForLock } = await import("../testing/postgres-locks");
const { prismaClientOn } = await import("./open");
const { loadSnapshot, replaceWithSnapshot, writeSnapshot } = await import("./snapshot");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-restore-race-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

it("a write committed while a restore waits to start is in the file of what the restore replaced", async () => {
  const t = await createMigratedDatabase();
  assert.equal(t.kind, "postgres");
  const db = prismaClientOn(t.adapter.factory);
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_SERVER_URL });
  await admin.connect();
  try {
    const team = await createTeam(db);
    await createMember(db, team.id);
    const backup = path.join(dir, "backup.gz");
    await writeSnapshot(t.adapter, backup);
    await db.team.update({ where: { id: team.id }, data: { name: "Renamed after the backup" } });

    // A write in flight: its transaction has changed the team and not committed yet.
    let changed!: () => void;
    const inFlight = new Promise<void>((r) => (changed = r));
    let commit!: () => void;
    const gate = new Promise<void>((r) => (commit = r));
    const writer = db.$transaction(async (tx) => {
      await tx.team.update({ where: { id: team.id }, data: { name: "Renamed while the restore began" } });
      changed();
      await gate;
    }, { timeout: 60_000 });
    await inFlight;

    const previous = path.join(dir, "before-restore.gz");
    let restored = false;
    const restoring = replaceWithSnapshot(t.adapter, backup, previous).finally(() => (restored = true));
    // The restore waits for the write (taking the tables), then the write commits.
    await waitsForLock(admin, "", () => restored);
    commit();
    await writer;
    await restoring;

    assert.equal((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name, team.name, "the backup is restored");
    // What it replaced, the write included, is in the file it saved.
    await loadSnapshot(t.adapter, previous, "replace");
    assert.equal((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name, "Renamed while the restore began");
  } finally {
    await admin.end();
    await db.$disconnect();
    await t.close();
  }
});

// Found by review: with no lock timeout, one long transaction of the server's held the restore,
// and behind the tables it already held, every request, for as long as it lasted.
it("a restore that cannot take the tables (a transaction holds one) gives up, changes nothing and says the database is busy", async () => {
  const t = await createMigratedDatabase();
  const db = prismaClientOn(t.adapter.factory);
  try {
    const team = await createTeam(db);
    const backup = path.join(dir, "busy-backup.gz");
    await writeSnapshot(t.adapter, backup);
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holder = db.$transaction(async (tx) => {
      await tx.team.update({ where: { id: team.id }, data: { name: "Held" } });
      held();
      await gate;
    }, { timeout: 60_000 });
    await holding;
    const previous = path.join(dir, "busy-before.gz");
    await assert.rejects(replaceWithSnapshot(t.adapter, backup, previous, { lockTimeoutMs: 1 }), /The database is busy/);
    assert.equal(fs.existsSync(previous), false);
    release();
    await holder;
    assert.equal((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name, "Held");
  } finally {
    await db.$disconnect();
    await t.close();
  }
});

