// PGlite runs no autovacuum daemon, and its activity counters (pg_stat_user_tables) stay at zero,
// so nothing refreshes the planner's statistics on the embedded database by itself. A directory
// that grew from the 5 seeded members to 10k since the last ANALYZE then gets plans made for 5:
// a SCIM import page became a bitmap scan and sort of the whole team, 20 ms instead of 2 (bench/scim.ts).
// So the tables that drifted past autovacuum's default threshold (50 rows + 10%) are analyzed at
// start-up (migrateDatabase, before the server listens) and then every few minutes by the server.
// PostgreSQL's own autovacuum does this in production.
//
// The embedded database has one connection: while it counts or analyzes, every request waits.
// An ANALYZE on the first request used to hold 50 concurrent SCIM clients for seconds
// (bench/load.ts), so the server never checks at once, and analyzes one table per statement so
// that waiting requests get the connection between tables.
import type { SqlRunner } from "./adapter";
import type { Db } from "./open";

// The tables whose plans depend on their size: the directory and what hangs off it.
const WATCHED = ["Membership", "User", "GroupMember", "Group", "ScimToken", "Team"] as const;
const CHECK_EVERY_MS = 5 * 60 * 1000;

type Drift = { table: string; estimated: number; actual: number };

/** Tables never analyzed (estimate -1) or whose size drifted past the threshold. */
export function staleTables(drift: Drift[]): string[] {
  return drift.filter((d) => d.estimated < 0 || Math.abs(d.actual - d.estimated) > 50 + 0.1 * d.estimated).map((d) => d.table);
}

type Sql = Pick<SqlRunner, "exec"> & { query: <T>(sql: string) => Promise<T[]> };

/** ANALYZEs the watched tables that need it, one statement each; returns their names. */
export async function analyzeStale(sql: Sql): Promise<string[]> {
  // Table names are constants above, never input.
  const rows = await sql.query<{ table: string; estimated: number; actual: bigint | number }>(
    WATCHED.map((t) => `SELECT '${t}' AS "table", (SELECT reltuples FROM pg_class WHERE oid = '"${t}"'::regclass)::float8 AS estimated, (SELECT count(*) FROM "${t}") AS actual`).join(" UNION ALL "),
  );
  const stale = staleTables(rows.map((r) => ({ table: r.table, estimated: Number(r.estimated), actual: Number(r.actual) })));
  for (const table of stale) await sql.exec(`ANALYZE "${table}"`);
  return stale;
}

/** analyzeStale through a PrismaClient. */
export function analyzeStaleTables(db: Db): Promise<string[]> {
  return analyzeStale({ query: (q) => db.$queryRawUnsafe(q), exec: async (q) => void (await db.$executeRawUnsafe(q)) });
}

/** Checks every few minutes, for as long as the process runs (start-up has just checked). */
export function keepEmbeddedStatistics(db: Db): void {
  const check = () => void analyzeStaleTables(db).catch((e: unknown) => console.error("Refreshing the embedded database's statistics failed:", e));
  setInterval(check, CHECK_EVERY_MS).unref();
}
