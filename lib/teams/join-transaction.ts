import type { Db, Tx } from "../members/types";

/**
 * A client whose `$transaction` runs inside the transaction already open, for domain functions
 * that open their own (addMember) when a caller must compose them with its own writes in one
 * transaction (creating a team with its owner, accepting an invitation). Prisma has no nested
 * transactions. Only `$transaction` is available on it.
 */
export function joinTransaction(tx: Tx): Db {
  return { $transaction: (fn: (tx: Tx) => Promise<unknown>) => fn(tx) } as unknown as Db;
}
