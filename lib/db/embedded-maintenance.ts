// PGlite runs no autovacuum daemon, so nothing vacuums or analyzes the embedded database by itself.
// - Never vacuumed, a table's visibility map stays empty, so every index-only scan reads the
//   table's rows as well: listMembers for the Manage Team page's first page of 100k members took
//   52 ms instead of 22 (bench:members). And what updates and deletes leave dead (a deactivation, the SCIM request
//   log's trimming) is never reclaimed, in the table or in any of its indexes.
// - Never analyzed, the planner keeps statistics made for a table's old size: a directory that
//   grew from the 5 seeded members to 10k got a SCIM import page as a bitmap scan and sort of the
//   whole team, 20 ms instead of 2 (bench/scim.ts).
// So the server does what autovacuum would, by its default thresholds (maintenanceDue), every few
// minutes, from the activity counters PGlite keeps (pg_stat_user_tables). It keeps them only while
// the process runs: they start empty, so at start-up (npm start's migrateDatabase, before the
// server listens; or the first check, under a plain `next start`) every table is vacuumed, which
// costs a few ms for a table vacuumed before (its visibility map lets VACUUM skip every page nobody
// changed), and the directory tables whose planner row counts drifted from the real ones are
// analyzed. PostgreSQL's own autovacuum does all this in production.
//
// A failure is logged and the server goes on: it serves without any of this, only slower.
//
// The embedded database has one connection: while it vacuums or analyzes, every request waits
// (VACUUM of Membership at 100k members took 0.7 s after 10,000 deactivations; autovacuum's
// threshold there is 20,050 dead rows). So the server never does it on a request's path (an
// ANALYZE on the first request used to hold 50 concurrent SCIM clients for seconds, bench/load.ts),
// and it runs one table per statement, so that waiting requests get the connection between them.
import type { Db } from "./open";

// The tables whose plans depend on their size, checked for drift at start-up: the directory and
// what hangs off it.
const WATCHED = ["Membership", "User", "GroupMember", "Group", "ScimToken", "Team"] as const;
const CHECK_EVERY_MS = 5 * 60 * 1000;

/** Raw SQL outside any transaction (VACUUM cannot run in one). */
export type MaintenanceSql = {
  query: <T>(sql: string) => Promise<T[]>;
  exec: (sql: string) => Promise<void>;
};

type Drift = { table: string; estimated: number; actual: number };

/** Tables never analyzed (estimate -1) or whose size drifted past the threshold. */
export function staleTables(drift: Drift[]): string[] {
  return drift.filter((d) => d.estimated < 0 || Math.abs(d.actual - d.estimated) > 50 + 0.1 * d.estimated).map((d) => d.table);
}

/** A table's activity since its last vacuum and analysis, as pg_stat_user_tables counts it. */
export type TableActivity = { table: string; rows: number; dead: number; insertedSinceVacuum: number; modifiedSinceAnalyze: number };

/**
 * What autovacuum would do now, by PostgreSQL's default settings: vacuum a table whose dead rows
 * pass 50 + 20% of its rows (autovacuum_vacuum_threshold, _scale_factor) or whose rows inserted
 * since its last vacuum pass 1,000 + 20% (autovacuum_vacuum_insert_threshold, _scale_factor: they
 * set its visibility map); analyze one whose rows changed since its last analysis pass 50 + 10%.
 */
export function maintenanceDue(tables: TableActivity[]): { vacuum: string[]; analyze: string[] } {
  const vacuum: string[] = [];
  const analyze: string[] = [];
  for (const t of tables) {
    const rows = Math.max(t.rows, 0); // -1: never vacuumed nor analyzed
    if (t.dead > 50 + 0.2 * rows || t.insertedSinceVacuum > 1000 + 0.2 * rows) vacuum.push(t.table);
    if (t.modifiedSinceAnalyze > 50 + 0.1 * rows) analyze.push(t.table);
  }
  return { vacuum, analyze };
}

// Table names come from the catalog or the constants above, never from input; quoted all the same.
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Vacuums and/or analyzes each table, one statement per table. Each named in the current schema:
 * a bare name is looked up along search_path, where pg_catalog comes first.
 */
async function run(sql: MaintenanceSql, { vacuum, analyze }: { vacuum: string[]; analyze: string[] }): Promise<void> {
  const tables = [...new Set([...vacuum, ...analyze])];
  if (tables.length === 0) return;
  const [{ schema }] = await sql.query<{ schema: string }>(`SELECT current_schema() AS schema`);
  for (const table of tables) {
    const v = vacuum.includes(table);
    const a = analyze.includes(table);
    await sql.exec(`${v ? (a ? "VACUUM (ANALYZE)" : "VACUUM") : "ANALYZE"} ${quoted(schema)}.${quoted(table)}`);
  }
}

/** The watched tables whose planner row counts drifted from their real ones. */
async function driftedTables(sql: MaintenanceSql): Promise<string[]> {
  const rows = await sql.query<{ table: string; estimated: number; actual: bigint | number }>(
    WATCHED.map((t) => `SELECT '${t}' AS "table", (SELECT reltuples FROM pg_class WHERE oid = '${quoted(t)}'::regclass)::float8 AS estimated, (SELECT count(*) FROM ${quoted(t)}) AS actual`).join(" UNION ALL "),
  );
  return staleTables(rows.map((r) => ({ table: r.table, estimated: Number(r.estimated), actual: Number(r.actual) })));
}

/** Start-up: vacuums every table of the schema, and analyzes the watched tables that drifted. */
export async function maintainAtStartUp(sql: MaintenanceSql): Promise<{ vacuum: string[]; analyze: string[] }> {
  const tables = await sql.query<{ table: string }>(`SELECT tablename AS "table" FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
  const plan = { vacuum: tables.map((t) => t.table), analyze: await driftedTables(sql) };
  await run(sql, plan);
  return plan;
}

/** While running: vacuums and analyzes what autovacuum would (maintenanceDue). */
export async function maintainDue(sql: MaintenanceSql): Promise<{ vacuum: string[]; analyze: string[] }> {
  // A backend hands its counts to pg_stat_user_tables at most once a second, when it is next idle:
  // without this, the writes of the last second before a check would wait for the next one.
  await sql.exec(`SELECT pg_stat_force_next_flush()`);
  const rows = await sql.query<{ table: string; rows: number; dead: bigint | number; inserted: bigint | number; modified: bigint | number }>(
    `SELECT s.relname AS "table", c.reltuples::float8 AS rows, s.n_dead_tup AS dead, s.n_ins_since_vacuum AS inserted, s.n_mod_since_analyze AS modified
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()
      ORDER BY s.relname`,
  );
  const plan = maintenanceDue(rows.map((r) => ({ table: r.table, rows: Number(r.rows), dead: Number(r.dead), insertedSinceVacuum: Number(r.inserted), modifiedSinceAnalyze: Number(r.modified) })));
  await run(sql, plan);
  return plan;
}

/** A PrismaClient as MaintenanceSql: each statement on its own, outside a transaction. */
export const maintenanceSqlOf = (db: Db): MaintenanceSql => ({
  query: (q) => db.$queryRawUnsafe(q),
  exec: async (q) => void (await db.$executeRawUnsafe(q)),
});

const logFailure = (e: unknown) => console.error("Maintaining the embedded database (VACUUM, ANALYZE) failed; the server goes on without it:", e);

/** maintainAtStartUp, a failure logged rather than thrown (the server serves without it). */
export const maintainAtStartUpOrLog = (sql: MaintenanceSql): Promise<void> => maintainAtStartUp(sql).then(() => undefined, logFailure);

/**
 * Checks every few minutes, for as long as the process runs. `startedUp`: whether start-up's part
 * ran in this process (npm start runs it before listening); if not (a plain `next start`), the
 * first check does it.
 */
export function keepEmbeddedDatabaseMaintained(db: Db, { startedUp }: { startedUp: boolean }): void {
  let first = !startedUp;
  const check = () => {
    const sql = maintenanceSqlOf(db);
    if (first) {
      first = false;
      void maintainAtStartUpOrLog(sql);
    } else void maintainDue(sql).catch(logFailure);
  };
  setInterval(check, CHECK_EVERY_MS).unref();
}
