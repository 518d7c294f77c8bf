// npm run bench:durability — what fsync-on-commit costs the embedded database. Times single-row
// commits (each one a SCIM create's worth of durability) on a fresh PGlite folder as Gatehouse
// opens it (WAL flushed to disk at every commit, lib/db/adapter.ts) and as PGlite opens it by
// default (fsync off: the commit only reaches the OS page cache).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createAdapter } from "../lib/db/adapter";
import { summarize } from "./lib";

const COMMITS = Number(process.env.COMMITS ?? 300);
type Runner = { exec: (sql: string) => Promise<unknown>; insert: (v: string) => Promise<unknown>; close: () => Promise<void> };

async function time(label: string, open: (dir: string) => Promise<Runner>) {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-durability-")), "pglite");
  const db = await open(dir);
  await db.exec("CREATE TABLE t (id serial PRIMARY KEY, v text)");
  const ms: number[] = [];
  for (let i = 0; i < COMMITS; i++) {
    const t0 = performance.now();
    await db.insert("x".repeat(300));
    ms.push(performance.now() - t0);
  }
  await db.close();
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  const s = summarize(ms);
  console.log(`${label.padEnd(34)} ${COMMITS} commits: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, ${(COMMITS / (ms.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)} commits/s`);
}

await time("PGlite default (fsync off)", async (dir) => {
  const pg = new PGlite(dir);
  await pg.waitReady;
  return { exec: (s) => pg.exec(s), insert: (v) => pg.transaction((tx) => tx.query("INSERT INTO t (v) VALUES ($1)", [v])), close: () => pg.close() };
});
await time("Gatehouse (WAL fsync at commit)", async (dir) => {
  const h = await createAdapter(`pglite:${dir}`);
  return {
    exec: (s) => h.transaction((sql) => sql.exec(s)),
    insert: (v) => h.transaction((sql) => sql.query("INSERT INTO t (v) VALUES ($1)", [v])),
    close: () => h.close(),
  };
});
