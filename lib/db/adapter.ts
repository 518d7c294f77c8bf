// Turns DATABASE_URL into a Prisma driver-adapter factory. Used by the app's PrismaClient,
// the migration runner and the tests, so all three always agree on the database.
import fs from "node:fs";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseKind, databaseUrl, pgConfigFromUrl } from "./database-url";

/** Raw SQL outside Prisma, for migrations and test set-up. */
export type SqlRunner = {
  /** A script of one or more statements, no parameters. */
  exec: (sql: string) => Promise<void>;
  query: <T>(sql: string, params?: unknown[]) => Promise<T[]>;
};

export type AdapterHandle = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  transaction: <T>(fn: (sql: SqlRunner) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

export type AdapterOptions = {
  /** PostgreSQL only: a schema other than `public` (each integration test file gets its own). */
  schema?: string;
};

export async function createAdapter(url = databaseUrl(), options: AdapterOptions = {}): Promise<AdapterHandle> {
  if (databaseKind(url) === "postgres") return createPgAdapter(url, options);
  return createPgliteAdapter(url);
}

async function createPgAdapter(url: string, { schema }: AdapterOptions): Promise<AdapterHandle> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  const base = pgConfigFromUrl(url);
  // search_path makes raw SQL (migrations) land in the same schema as Prisma's queries; public
  // stays on it for shared extensions (pg_trgm's operator classes).
  const config = { ...base, ...(schema ? { options: `-c search_path="${schema}",public` } : {}) };
  const pool = new pg.Pool(config);
  const factory = new PrismaPg(pool, schema ? { schema } : undefined);
  return {
    factory,
    transaction: async (fn) => {
      const client = await pool.connect();
      const runner: SqlRunner = {
        exec: async (sql) => void (await client.query(sql)),
        query: async <T,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
      };
      try {
        await client.query("BEGIN");
        const result = await fn(runner);
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function createPgliteAdapter(url: string): Promise<AdapterHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  // pg_trgm backs the member search indexes (migration member_search_trigram).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const dir = url.replace(/^pglite:/i, "");
  const inMemory = dir === "memory" || dir === "";
  if (!inMemory) fs.mkdirSync(path.resolve(dir), { recursive: true });
  const options = { extensions: { pg_trgm } };
  const db = inMemory ? new PGlite(options) : new PGlite(path.resolve(dir), options);
  await db.waitReady;
  return {
    factory: new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async <T,>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
        }),
      ),
    close: () => db.close(),
  };
}
