import "server-only";
import { databaseKind } from "./database-url";
import { keepEmbeddedStatistics } from "./embedded-statistics";
import { openDatabase, type Db } from "./open";

// One PrismaClient per server process, kept on globalThis so dev-mode module reloads reuse it:
// an embedded PGlite data folder must only ever be opened once per process.
const globalForDb = globalThis as unknown as { gatehouseDb?: Promise<Db> };

/** Integration tests point route handlers at their own database. */
export function useDatabaseForTests(db: Db): void {
  globalForDb.gatehouseDb = Promise.resolve(db);
}

export function getDb(): Promise<Db> {
  globalForDb.gatehouseDb ??= openDatabase()
    .then((o) => {
      if (databaseKind() === "pglite") keepEmbeddedStatistics(o.db);
      return o.db;
    })
    .catch((e: unknown) => {
      globalForDb.gatehouseDb = undefined;
      throw e;
    });
  return globalForDb.gatehouseDb;
}
