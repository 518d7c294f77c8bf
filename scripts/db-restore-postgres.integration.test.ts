// npm run db:restore on PostgreSQL, into a new, empty database (disaster recovery): jackson keeps
// its SAML store (connections, the SP key) in the app's own PostgreSQL database, so a backup of a
// server that ever used SSO holds jackson's tables too. The restore must bring them back rather
// than refuse the backup because the new database has no jackson tables yet (jackson makes them
// on its first start, long after a restore). Needs the PostgreSQL server of the development
// machines and CI (127.0.0.1:5432, trust auth; GATEHOUSE_TEST_POSTGRES_URL to use another).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createMember, createTeam } from "../lib/testing/factories";
import { createOwnDatabase, type OwnDatabase } from "../lib/testing/own-postgres-database";
import { applyMigrations } from "../lib/db/migrations";
import { openDatabase } from "../lib/db/open";
import { databaseSummary, writeSnapshot, type TableSummary } from "../lib/db/snapshot";
import { createJacksonStoreTables } from "../lib/saml/jackson-store-tables";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-restore-pg-"));
const file = path.join(dir, "b.gatehouse-backup.gz");

function restore(url: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/db-restore.ts", file],
      { env: { ...process.env, DATABASE_URL: url, GATEHOUSE_DATA_DIR: path.join(dir, "data") }, encoding: "utf8", timeout: 120_000 },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let source: OwnDatabase;
let target: OwnDatabase;

describe("db:restore into a new PostgreSQL database", () => {
  let before_: TableSummary[];
  before(async () => {
    source = await createOwnDatabase("gatehouse_restore_src");
    target = await createOwnDatabase("gatehouse_restore_dst");
    const open = await openDatabase(source.url);
    try {
      await applyMigrations(open.adapter);
      const team = await createTeam(open.db);
      await createMember(open.db, team.id, { role: "OWNER", givenName: "Owner" });
      // What jackson's first start leaves in the app's database: its tables, and a row (the SP key).
      await createJacksonStoreTables(source.url);
      await open.adapter.transaction((sql) =>
        sql.exec(`INSERT INTO jackson_store (key, value, iv, tag, namespace) VALUES ('x509:certificates:default', '{"sealed":true}', 'iv', 'tag', 'x509:certificates')`),
      );
      await writeSnapshot(open.adapter, file);
      before_ = await databaseSummary(open.adapter);
    } finally {
      await open.close();
    }
  });
  after(async () => {
    await source?.drop();
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("restores every table, jackson's included, with the same rows and ids", async () => {
    assert.ok(before_.some((t) => t.name === "jackson_store" && t.rows === 1), "the backup holds jackson's store");
    const r = await restore(target.url);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /counts and ids verified/);
    const open = await openDatabase(target.url);
    try {
      assert.deepEqual(await databaseSummary(open.adapter), before_);
    } finally {
      await open.close();
    }
  });
});
