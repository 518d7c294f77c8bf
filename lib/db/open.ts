// Opens a PrismaClient on DATABASE_URL (or the given URL). Used by the server (lib/db/client.ts,
// scripts/start.ts), the CLI scripts and the tests; each caller owns what it opens and closes it.
// An embedded folder is locked while open (embedded-lock.ts): a second opener gets
// EmbeddedDatabaseLockedError.
import { PrismaClient } from "./generated/client";
import { createAdapter, type AdapterHandle, type AdapterOptions } from "./adapter";
import { databaseUrl } from "./database-url";
import { directQueryFor, registerDirectQuery } from "./direct-query";
import { TRANSACTION_OPTIONS } from "./transaction-options";
import type { Db } from "./types";

export type { Db };
export type OpenDatabase = { db: Db; adapter: AdapterHandle; close: () => Promise<void> };

/**
 * Every PrismaClient the app makes, on an adapter. `errorFormat: "minimal"`: Prisma otherwise
 * captures a stack trace on every model call to point its error messages at the caller, which a
 * CPU profile of SCIM lookups put at a tenth of Prisma's time; our errors are mapped by code.
 * The transaction bounds are ours (transaction-options.ts), never Prisma's 2-s default wait.
 */
export function prismaClientOn(factory: AdapterHandle["factory"]): Db {
  const db = new PrismaClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS, errorFormat: "minimal" });
  // The adapter's direct path for the hot path's statements (pg on PostgreSQL, wire protocol on PGlite).
  const direct = directQueryFor(factory);
  if (direct) registerDirectQuery(db, direct);
  return db;
}

export async function openDatabase(url = databaseUrl(), options: AdapterOptions = {}): Promise<OpenDatabase> {
  const handle = await createAdapter(url, options);
  const db = prismaClientOn(handle.factory);
  return {
    db,
    adapter: handle,
    close: async () => {
      await db.$disconnect();
      await handle.close();
    },
  };
}
