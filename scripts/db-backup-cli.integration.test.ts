// npm run db:backup with GATEHOUSE_DATA_DIR naming no embedded database (a typo, an unmounted
// volume) opened the folder, which made a new, empty database, and reported "0 rows in 0 tables"
// as a success (found by review). It now refuses, and makes nothing.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, it } from "node:test";

const DATA = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-backup-cli-"));
after(() => fs.rmSync(DATA, { recursive: true, force: true }));

it("refuses to back up a data dir that holds no database, and creates nothing there", async () => {
  const missing = path.join(DATA, "typo");
  const env = { ...process.env, DATABASE_URL: "", GATEHOUSE_DATA_DIR: missing };
  const r = await new Promise<{ status: number; stderr: string }>((resolve) =>
    execFile(process.execPath, ["--import", "tsx", "scripts/db-backup.ts"], { env, encoding: "utf8" }, (error, _stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr }),
    ),
  );
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no embedded database at .*typo/);
  assert.equal(fs.existsSync(path.join(missing, "pglite")), false);
});
