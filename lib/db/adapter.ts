// Turns DATABASE_URL into a Prisma driver-adapter factory. Used by the app's PrismaClient,
// the migration runner and the tests, so all three always agree on the database.
import fs from "node:fs";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseKind, databaseUrl, pgConfigFromUrl, pgliteDir, queryTimeoutMillis } from "./database-url";

const NO_QUERY_TIMEOUT = 2_147_483_647;
import { acquireEmbeddedLock, type EmbeddedLock } from "./embedded-lock";
import { ensurePrivateFolder } from "../private-folder";
import { takingTurns } from "./pglite-turns";
import { pgDirectQuery, registerDirectQuery } from "./direct-query";
import { pgliteDirectQuery } from "./pglite-direct-query";
import { preparesStatements, statementNames } from "./statement-names";

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
  /** Each statement on its own, outside any transaction: VACUUM cannot run inside one. */
  outsideTransaction: SqlRunner;
  close: () => Promise<void>;
  /** Embedded on disk: this process's lock on the data folder (held until close). */
  lock?: EmbeddedLock;
  /** Embedded in memory: the data folder as a tarball, which `loadDataDir` starts from. */
  dump?: () => Promise<Blob>;
};

export type AdapterOptions = {
  /** PostgreSQL only: a schema other than `public` (each integration test file gets its own). */
  schema?: string;
  /** Embedded in memory only: start from this dump (AdapterHandle.dump) instead of running initdb. */
  loadDataDir?: Blob;
};

export async function createAdapter(url = databaseUrl(), options: AdapterOptions = {}): Promise<AdapterHandle> {
  if (databaseKind(url) === "postgres") return createPgAdapter(url, options);
  return createPgliteAdapter(url, options);
}

async function createPgAdapter(url: string, { schema }: AdapterOptions): Promise<AdapterHandle> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  const base = pgConfigFromUrl(url);
  // search_path makes raw SQL (migrations) land in the same schema as Prisma's queries; public
  // stays on it for shared extensions (pg_trgm's operator classes).
  const config = { ...base, ...(schema ? { options: `-c search_path="${schema}",public` } : {}), query_timeout: queryTimeoutMillis(url) };
  const pool = new pg.Pool(config);
  // One list of names for Prisma's statements and the direct ones: a connection's prepared
  // statement is the same whichever path ran it first.
  const names = preparesStatements(url) ? statementNames() : undefined;
  const factory = new PrismaPg(pool, { ...(schema ? { schema } : {}), ...(names ? { statementNameGenerator: names } : {}) });
  registerDirectQuery(factory, pgDirectQuery(pool, pg.types, names));
  return {
    factory,
    transaction: async (fn) => {
      const client = await pool.connect();
      // Migrations and snapshot loads may rightly run long: no query timeout (pg reads 0 as "the
      // pool's", so the longest a timer takes).
      // pg's QueryConfig type lacks its query_timeout.
      const untimed = (text: string, values?: unknown[]) => client.query({ text, values, query_timeout: NO_QUERY_TIMEOUT } as import("pg").QueryConfig);
      const runner: SqlRunner = {
        exec: async (sql) => void (await untimed(sql)),
        query: async <T,>(sql: string, params?: unknown[]) => (await untimed(sql, params)).rows as T[],
      };
      try {
        await untimed("BEGIN");
        const result = await fn(runner);
        await untimed("COMMIT");
        return result;
      } catch (e) {
        await untimed("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    outsideTransaction: {
      exec: async (sql) => void (await pool.query({ text: sql, query_timeout: NO_QUERY_TIMEOUT } as import("pg").QueryConfig)),
      query: async <T,>(sql: string, params?: unknown[]) => (await pool.query({ text: sql, values: params, query_timeout: NO_QUERY_TIMEOUT } as import("pg").QueryConfig)).rows as T[],
    },
    close: () => pool.end(),
  };
}

async function createPgliteAdapter(url: string, { loadDataDir }: AdapterOptions): Promise<AdapterHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  // pg_trgm backs the member search indexes (migration member_search_trigram).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const dir = pgliteDir(url);
  if (dir === null) {
    const db = new PGlite({ extensions: { pg_trgm }, loadDataDir });
    await db.waitReady;
    return { ...(await pgliteHandle(db, PrismaPGlite)), dump: () => db.dumpDataDir("none") };
  }
  ensurePrivateFolder(dir);
  // Before PGlite reads a page: a second process on one folder corrupts it (embedded-lock.ts).
  const lock = acquireEmbeddedLock(dir);
  try {
    const db = new PGlite(dir, { extensions: { pg_trgm }, startParams: durableStartParams(PGlite) });
    await db.waitReady;
    syncNodeFsWrites(db);
    const handle = await pgliteHandle(db, PrismaPGlite);
    return {
      ...handle,
      lock,
      close: async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/**
 * PostgreSQL's default 128MB of shared buffers sit in PGlite's WebAssembly memory, resident from
 * the moment it opens (measured: 338 MB → 216 MB resident for a process that only opened the
 * folder, 16MB instead). A page missed here is read from the operating system's page cache, so a
 * directory larger than this stays fast; 32MB holds a 10k-member team's tables and indexes.
 */
const SHARED_BUFFERS = "32MB";

/**
 * PGlite starts PostgreSQL with `-F` (fsync off): a commit reaches the OS page cache only, which a
 * killed process keeps but a power loss does not. Without `-F`, and with wal_sync_method=fsync
 * (PGlite's fdatasync is a no-op; its fsync calls the filesystem's hook), every commit flushes
 * the WAL before it is acknowledged. Measured cost: README "Durability".
 */
function durableStartParams(PGlite: { defaultStartParams?: string[] }): string[] {
  const defaults = PGlite.defaultStartParams ?? [];
  if (!defaults.includes("-F")) throw new Error("PGlite's start parameters changed; review durableStartParams");
  return [...defaults.filter((p) => p !== "-F"), "-c", "wal_sync_method=fsync", "-c", `shared_buffers=${SHARED_BUFFERS}`];
}

type EmscriptenStream = { nfd?: number; node: unknown };
type NodeFs = { stream_ops: { fsync?: (s: EmscriptenStream) => number }; realPath: (node: unknown) => string };

/**
 * What the embedded database's fsyncs cost in this process. They run on the event loop (PGlite's
 * file layer is synchronous), so a slow one holds every request, reads included: bench/load.ts
 * prints these (through `npm start --memory-report`) beside its latency figures.
 */
export const embeddedFsyncs = { count: 0, totalMs: 0, maxMs: 0, over100ms: 0 };

/** Emscripten's NODEFS has no fsync: give it one that flushes to the disk (files and directories). */
function syncNodeFsWrites(db: object) {
  const NODEFS = (db as { Module?: { FS?: { filesystems?: { NODEFS?: NodeFs } } } }).Module?.FS?.filesystems?.NODEFS;
  if (!NODEFS) throw new Error("PGlite no longer exposes its NODEFS filesystem; review syncNodeFsWrites");
  NODEFS.stream_ops.fsync = (stream) => {
    const t0 = performance.now();
    try {
      flush(stream);
    } finally {
      const ms = performance.now() - t0;
      embeddedFsyncs.count++;
      embeddedFsyncs.totalMs += ms;
      embeddedFsyncs.maxMs = Math.max(embeddedFsyncs.maxMs, ms);
      if (ms > 100) embeddedFsyncs.over100ms++;
    }
    return 0;
  };
  const flush = (stream: EmscriptenStream) => {
    if (typeof stream.nfd === "number") {
      fs.fsyncSync(stream.nfd);
    } else {
      const fd = fs.openSync(NODEFS.realPath(stream.node), "r");
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  };
}

async function pgliteHandle(
  db: import("@electric-sql/pglite").PGlite,
  PrismaPGlite: typeof import("pglite-prisma-adapter").PrismaPGlite,
): Promise<AdapterHandle> {
  const factory = new PrismaPGlite(takingTurns(db)) as unknown as SqlMigrationAwareDriverAdapterFactory;
  const { protocol } = await import("@electric-sql/pglite");
  const pg = (await import("pg")).default;
  registerDirectQuery(factory, pgliteDirectQuery(db, { serialize: protocol.serialize, types: pg.types, names: statementNames() }));
  return {
    factory,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async <T,>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
        }),
      ),
    outsideTransaction: {
      exec: async (sql) => void (await db.exec(sql)),
      query: async <T,>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    },
    close: () => db.close(),
  };
}
