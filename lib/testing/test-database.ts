// A fresh database for one integration test file: an in-memory PGlite by default, or, when
// DATABASE_URL names a PostgreSQL server, a schema of its own there (dropped afterwards), so
// files never see each other's rows and the same tests prove both engines.
import crypto from "node:crypto";
import { createAdapter, type AdapterHandle } from "../db/adapter";
import { databaseKind, databaseUrl } from "../db/database-url";
import { applyMigrations } from "../db/migrations";
import { prismaClientOn } from "../db/open";
import { env } from "../env";
import type { Db } from "../members/types";
import { pgliteImage, type ImageKind } from "./pglite-image";

export type EmptyDatabase = { kind: "pglite" | "postgres"; adapter: AdapterHandle; close: () => Promise<void> };
export type TestDatabase = { kind: "pglite" | "postgres"; db: Db; close: () => Promise<void> };

const usesPostgres = () => !!env().DATABASE_URL && databaseKind() === "postgres";

/** An in-memory PGlite started from the cached `kind` image (pglite-image.ts says why). */
async function pgliteFromImage(kind: ImageKind): Promise<EmptyDatabase> {
  const image = await pgliteImage(kind, async () => {
    const fresh = await createAdapter("pglite:memory");
    try {
      if (kind === "migrated") await applyMigrations(fresh);
      return await fresh.dump!();
    } finally {
      await fresh.close();
    }
  });
  const adapter = await createAdapter("pglite:memory", { loadDataDir: image });
  return { kind: "pglite", adapter, close: () => adapter.close() };
}

export type DatabaseOptions = {
  /**
   * How long a query may wait for a free connection of the pool (DATABASE_URL's connect_timeout;
   * PostgreSQL only: PGlite has no pool). For a test whose point is that many parallel writers
   * all land, not how fast: with the app's 10 s, the last of 200 writers queued on one lock got
   * 503 once the machine was busy enough.
   */
  poolWaitSeconds?: number;
  /** The embedded engine whatever DATABASE_URL says: for what only the embedded database does. */
  embedded?: boolean;
};

function withPoolWait(url: string, seconds?: number): string {
  if (seconds === undefined) return url;
  const u = new URL(url);
  u.searchParams.set("connect_timeout", String(seconds));
  return u.toString();
}

/** An empty database (no migrations applied). */
export async function createEmptyDatabase(options: DatabaseOptions = {}): Promise<EmptyDatabase> {
  if (!usesPostgres()) return pgliteFromImage("empty");
  const schema = `test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = await createAdapter(databaseUrl());
  // Extensions are per database: create pg_trgm once in public, where every test schema sees it.
  await admin.transaction((sql) => sql.exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public; CREATE SCHEMA "${schema}"`));
  const adapter = await createAdapter(withPoolWait(databaseUrl(), options.poolWaitSeconds), { schema });
  return {
    kind: "postgres",
    adapter,
    close: async () => {
      await adapter.close();
      await admin.transaction((sql) => sql.exec(`DROP SCHEMA "${schema}" CASCADE`));
      await admin.close();
    },
  };
}

/** An empty database with every migration applied. */
export async function createMigratedDatabase(options: DatabaseOptions = {}): Promise<EmptyDatabase> {
  const empty = usesPostgres() && !options.embedded ? await createEmptyDatabase(options) : await pgliteFromImage("migrated");
  if (empty.kind === "postgres") await applyMigrations(empty.adapter);
  return empty;
}

/** Runs `fn` on a fresh database with every migration applied and a PrismaClient on it; closes both after. */
export async function withMigratedDatabase<T>(fn: (t: EmptyDatabase & { db: Db }) => Promise<T>): Promise<T> {
  const empty = await createMigratedDatabase();
  const db = prismaClientOn(empty.adapter.factory);
  try {
    return await fn({ ...empty, db });
  } finally {
    await db.$disconnect();
    await empty.close();
  }
}

/** An empty database with every migration applied, and a PrismaClient on it. */
export async function createTestDatabase(options: DatabaseOptions = {}): Promise<TestDatabase> {
  const empty = await createMigratedDatabase(options);
  const db = prismaClientOn(empty.adapter.factory);
  return {
    kind: empty.kind,
    db,
    close: async () => {
      await db.$disconnect();
      await empty.close();
    },
  };
}
