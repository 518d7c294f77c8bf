// npm run db:move: an embedded database copied into an empty PostgreSQL database has the same
// schema, row counts and ids; a target that is not empty is refused. Needs the PostgreSQL server
// of the development machines and CI (127.0.0.1:5432, trust auth; GATEHOUSE_TEST_POSTGRES_URL to
// use another), where it creates a database of its own and drops it afterwards.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createMember, createTeam } from "../testing/factories";
import { createOwnDatabase, type OwnDatabase } from "../testing/own-postgres-database";
import { createAdapter } from "./adapter";
import { applyMigrations } from "./migrations";
import { openDatabase } from "./open";
import { databaseSummary, type TableSummary } from "./snapshot";

const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-move-")), "pglite");

function move(url: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/db-move.ts", url], { env: { ...process.env, DATABASE_URL: `pglite:${folder}` }, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let own: OwnDatabase;

describe("db:move to PostgreSQL", () => {
  let source: TableSummary[];
  before(async () => {
    own = await createOwnDatabase("gatehouse_move");
    const open = await openDatabase(`pglite:${folder}`);
    try {
      await applyMigrations(open.adapter);
      const team = await createTeam(open.db);
      await createMember(open.db, team.id, { role: "OWNER", givenName: "Owner" });
      for (let i = 0; i < 5; i++) await createMember(open.db, team.id);
      await open.db.group.create({ data: { teamId: team.id, displayName: "Engineering", displayNameNormalized: "engineering" } });
      source = await databaseSummary(open.adapter);
    } finally {
      await open.close();
    }
  });
  after(async () => {
    await own?.drop();
    fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it("copies schema, rows and ids into an empty database, then refuses to fill it again", async () => {
    const r = await move(own.url);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /row counts and ids verified/);

    const moved = await createAdapter(own.url);
    try {
      assert.deepEqual(await databaseSummary(moved), source);
      assert.equal(source.find((t) => t.name === "Membership")?.rows, 6);
      assert.deepEqual(await applyMigrations(moved), [], "the target is at the same schema version");
    } finally {
      await moved.close();
    }

    const again = await move(own.url);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /not empty/);
  });
});
