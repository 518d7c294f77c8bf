// Applies prisma/migrations/*/migration.sql in order, each in its own transaction, and records
// it in Prisma's standard `_prisma_migrations` table (so Prisma tooling reads the same history).
// Prisma 7's own `migrate deploy` needs a native engine these machines cannot download; this
// runner also gives us what it doesn't: a failing migration rolls back whole (PostgreSQL DDL is
// transactional), so start-up stops with the data exactly as it was.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createAdapter, type AdapterHandle, type SqlRunner } from "./adapter";
import { databaseKind, databaseUrl } from "./database-url";
import { maintainAtStartUpOrLog } from "./embedded-maintenance";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant: serialises concurrent deploys from several app instances on one PostgreSQL.
const LOCK_KEY = 72_6173_6865;

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`Migration ${migration} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

async function appliedMigrations(sql: SqlRunner) {
  const rows = await sql.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.migration_name, r.checksum]));
}

/**
 * Runs fn in a transaction that first takes the deploy lock and makes sure the history table
 * exists. The table is created under the lock too: two instances starting at once on an empty
 * database would otherwise race on CREATE TABLE IF NOT EXISTS (a unique violation in pg_type).
 */
function underDeployLock<T>(db: AdapterHandle, fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
  return db.transaction(async (sql) => {
    await sql.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await sql.exec(HISTORY_TABLE);
    return fn(sql);
  });
}

/**
 * Whether every migration is already applied, with the same checksum: one read, no lock, no
 * DDL. The usual restart ends here instead of taking the deploy lock once per migration. Anything
 * else (no history table yet, one missing or edited) goes the locked way, which decides.
 */
async function allApplied(db: AdapterHandle, migrations: Migration[]): Promise<boolean> {
  return db.transaction(async (sql) => {
    const [{ exists }] = await sql.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
    if (!exists) return false;
    const history = await appliedMigrations(sql);
    // Upgraded by a newer version: this code does not know the schema it would serve (a rollback
    // by checking out the old version started on it without a word; found by review).
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...history.keys()].filter((name) => !known.has(name)).sort();
    if (unknown.length > 0 && migrations.length > 0) throw new NewerSchemaError(unknown.at(-1)!, unknown.at(-1)! > migrations.map((m) => m.name).sort().at(-1)!);
    return migrations.every((m) => history.get(m.name) === m.checksum);
  });
}

export class NewerSchemaError extends Error {
  constructor(
    readonly newest: string,
    /** Whether it sorts after every migration this version has (else it was renamed or removed since it was applied). */
    readonly later: boolean,
  ) {
    super(
      later
        ? `This database was upgraded by a newer Gatehouse (its schema has migration ${newest}, which this version does not have). ` +
            "Run that version; to go back, restore a backup taken before the upgrade into a new data dir or database (README: Upgrading)."
        : `This database has migration ${newest}, which this version does not have and which is older than its newest: it was renamed or ` +
            "removed since it was applied. Run the version that applied it, or restore a backup into a new data dir or database.",
    );
    this.name = "NewerSchemaError";
  }
}

/** Applies every pending migration; returns the names applied. Refuses a database a newer version upgraded (NewerSchemaError). */
export async function applyMigrations(db: AdapterHandle, migrations = readMigrations()): Promise<string[]> {
  if (migrations.length > 0 && (await allApplied(db, migrations))) return [];
  if (migrations.length === 0) await underDeployLock(db, async () => {});
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await underDeployLock(db, async (sql) => {
      const history = await appliedMigrations(sql);
      const checksum = history.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new Error(`was edited after it was applied (checksum differs); restore the original file`);
        }
        return false;
      }
      await sql.exec(m.sql);
      await sql.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [crypto.randomUUID(), m.checksum, m.name],
      );
      return true;
    }).catch((e: unknown) => {
      throw new MigrationError(m.name, e);
    });
    if (done) applied.push(m.name);
  }
  return applied;
}

/**
 * Opens the database at `url`, applies what is pending and closes it; the names applied. On the
 * embedded database it also vacuums and analyzes, as autovacuum would (lib/db/embedded-maintenance.ts),
 * here on the start-up path where no request waits for it.
 */
export async function migrateDatabase(url = databaseUrl()): Promise<string[]> {
  const db = await createAdapter(url);
  try {
    return await migrateOpenDatabase(db, databaseKind(url));
  } finally {
    await db.close();
  }
}

/**
 * Pending migrations on a database this process already holds open (npm start owns the embedded
 * one), then what autovacuum would have done on the embedded engine, which has none
 * (embedded-maintenance.ts).
 */
export async function migrateOpenDatabase(db: AdapterHandle, kind: "pglite" | "postgres"): Promise<string[]> {
  const applied = await applyMigrations(db);
  if (kind === "pglite") await maintainAtStartUpOrLog(db.outsideTransaction);
  return applied;
}
