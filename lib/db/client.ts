import "server-only";
import { databaseKind } from "./database-url";
import { keepEmbeddedDatabaseMaintained } from "./embedded-maintenance";
import { openDatabase, prismaClientOn, type Db } from "./open";
import { processDatabase, setProcessDatabase, sharedAdapter } from "./process-database";

/** Integration tests point route handlers at their own database. */
export function useDatabaseForTests(db: Db): void {
  setProcessDatabase(Promise.resolve(db));
}

/**
 * The process's database. Under `npm start` the database is already open (scripts/start.ts) and
 * this client joins it; under plain `next start` it is opened here on first use.
 */
export function getDb(): Promise<Db> {
  const open = processDatabase();
  if (open) return open;
  const shared = sharedAdapter();
  const opening = (shared ? Promise.resolve(prismaClientOn(shared.factory)) : openDatabase().then((o) => o.db))
    .then((db) => {
      if (databaseKind() === "pglite") keepEmbeddedDatabaseMaintained(db, { startedUp: !!shared });
      return db;
    })
    .catch((e: unknown) => {
      setProcessDatabase(undefined);
      throw e;
    });
  setProcessDatabase(opening);
  return opening;
}
