// What the one-statement writers (add-member-in-one-statement.ts, update-member-in-one-statement.ts) share.
import { Prisma } from "../db/generated/client";
import { isDataException, isUniqueViolation } from "../db/errors";
import { DB_NOW_UTC } from "../sessions/types";

/** The time, taken where it is evaluated: in the team's CTE, once the statement holds the team lock. */
export const NOW_UTC = Prisma.raw(`${DB_NOW_UTC}::timestamp(3)`);

/**
 * A statement that failed whole on what the transaction decides or takes otherwise: a unique
 * index (the transaction answers the duplicate), or a value it could not take as written (text
 * with an unpaired surrogate is invalid JSON, where the transaction writes it as text). Nothing
 * was written; the caller runs the transaction.
 */
export const leftToTheTransaction = (e: unknown): boolean => isUniqueViolation(e) || isDataException(e);

// At most this many writes of a kind in one statement: a batch is written while later ones wait,
// so this bounds how long the team's row is held at once. (Batches of 4: fewer writes a second.)
export const WRITES_AT_ONCE = 16;

/**
 * The write of a batch of one team's writes of a kind (team-write-queue.ts, queueCombinedTeamWrite):
 * all in one statement; when that fails whole (and so wrote nothing), each alone, in the order
 * they came, so that one write's failure is its own and the others are still written here rather
 * than all in transactions. Each is settled on its own: one that cannot be written (the connection
 * gone, say) fails its caller alone, not those written before it. A write the statement leaves to
 * the transaction is answered null. The writers keep out of a batch what would fail it whole
 * (conflicts); what is left is a batch in flight beside another of the team's (two are), which
 * either may reach the team's row first, as two single writes in flight could.
 */
export function writeTogetherOrAlone<I, O>(together: (inputs: I[]) => Promise<(O | null)[]>): (inputs: I[]) => Promise<PromiseSettledResult<O | null>[]> {
  const alone = async (input: I): Promise<PromiseSettledResult<O | null>> => {
    try {
      return { status: "fulfilled", value: (await together([input]))[0]! };
    } catch (e) {
      return leftToTheTransaction(e) ? { status: "fulfilled", value: null } : { status: "rejected", reason: e };
    }
  };
  return async (inputs) => {
    if (inputs.length > 1) {
      try {
        return (await together(inputs)).map((value) => ({ status: "fulfilled", value }));
      } catch (e) {
        if (!leftToTheTransaction(e)) return inputs.map(() => ({ status: "rejected", reason: e }));
      }
    }
    const settled: PromiseSettledResult<O | null>[] = [];
    for (const input of inputs) settled.push(await alone(input));
    return settled;
  };
}
