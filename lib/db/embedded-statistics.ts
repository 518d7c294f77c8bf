// PGlite runs no autovacuum daemon, and its activity counters (pg_stat_user_tables) stay at zero,
// so nothing refreshes the planner's statistics on the embedded database by itself. A directory
// that grew from the 5 seeded members to 10k since the last ANALYZE then gets plans made for 5:
// a SCIM import page became a bitmap scan and sort of the whole team, 20 ms instead of 2 (bench/scim.ts).
// So the server compares the planner's row counts with the real ones now and then, and analyzes
// the tables that drifted past autovacuum's default threshold (50 rows + 10%). PostgreSQL's own
// autovacuum does this in production.
import type { Db } from "./open";

// The tables whose plans depend on their size: the directory and what hangs off it.
const WATCHED = ["Membership", "User", "GroupMember", "Group", "ScimToken", "Team"] as const;
const CHECK_EVERY_MS = 5 * 60 * 1000;

type Drift = { table: string; estimated: number; actual: number };

/** Tables never analyzed (estimate -1) or whose size drifted past the threshold. */
export function staleTables(drift: Drift[]): string[] {
  return drift.filter((d) => d.estimated < 0 || Math.abs(d.actual - d.estimated) > 50 + 0.1 * d.estimated).map((d) => d.table);
}

/** ANALYZEs the watched tables that need it; returns their names. */
export async function analyzeStaleTables(db: Db): Promise<string[]> {
  // Table names are constants above, never input.
  const rows = await db.$queryRawUnsafe<{ table: string; estimated: number; actual: bigint }[]>(
    WATCHED.map((t) => `SELECT '${t}' AS "table", (SELECT reltuples FROM pg_class WHERE oid = '"${t}"'::regclass)::float8 AS estimated, (SELECT count(*) FROM "${t}") AS actual`).join(" UNION ALL "),
  );
  const stale = staleTables(rows.map((r) => ({ table: r.table, estimated: Number(r.estimated), actual: Number(r.actual) })));
  if (stale.length > 0) await db.$executeRawUnsafe(`ANALYZE ${stale.map((t) => `"${t}"`).join(", ")}`);
  return stale;
}

/** Checks at once, then every few minutes, for as long as the process runs. */
export function keepEmbeddedStatistics(db: Db): void {
  const check = () => void analyzeStaleTables(db).catch((e: unknown) => console.error("Refreshing the embedded database's statistics failed:", e));
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}
