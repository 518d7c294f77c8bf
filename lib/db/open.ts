// Opens a PrismaClient on DATABASE_URL (or the given URL). Used by the server (lib/db/client.ts,
// scripts/start.ts), the CLI scripts and the tests; each caller owns what it opens and closes it.
// An embedded folder is locked while open (embedded-lock.ts): a second opener gets
// EmbeddedDatabaseLockedError.
import { PrismaClient } from "./generated/client";
import { createAdapter, type AdapterHandle, type AdapterOptions } from "./adapter";
import { databaseUrl } from "./database-url";
import { TRANSACTION_OPTIONS } from "./transaction-options";

export type Db = PrismaClient;
export type OpenDatabase = { db: Db; adapter: AdapterHandle; close: () => Promise<void> };

export async function openDatabase(url = databaseUrl(), options: AdapterOptions = {}): Promise<OpenDatabase> {
  const handle = await createAdapter(url, options);
  const db = new PrismaClient({ adapter: handle.factory, transactionOptions: TRANSACTION_OPTIONS });
  return {
    db,
    adapter: handle,
    close: async () => {
      await db.$disconnect();
      await handle.close();
    },
  };
}
