// What a server process has open, kept on globalThis: scripts/start.ts opens the database before
// Next starts in the same process and leaves the adapter here; route handlers (bundled by Next,
// a separate copy of every module) find it and put their own PrismaClient on it, and dev-mode
// module reloads reuse it. An embedded folder must only ever be opened once per process.
import type { AdapterHandle } from "./adapter";
import type { Db } from "./open";

const slot = globalThis as unknown as { gatehouseDb?: Promise<Db>; gatehouseAdapter?: AdapterHandle };

export const processDatabase = (): Promise<Db> | undefined => slot.gatehouseDb;

export function setProcessDatabase(db: Promise<Db> | undefined): void {
  slot.gatehouseDb = db;
}

/** The adapter scripts/start.ts opened for this process, if it did. */
export const sharedAdapter = (): AdapterHandle | undefined => slot.gatehouseAdapter;

export function shareAdapter(adapter: AdapterHandle): void {
  slot.gatehouseAdapter = adapter;
}
