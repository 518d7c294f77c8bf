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

/**
 * The write of a batch of one team's writes of a kind (team-write-queue.ts, queueCombinedTeamWrite):
 * all in one statement; when that fails whole (and so wrote nothing), each alone, in the order
 * they came, as they would have gone. Left to the transaction all at once, they would race for the
 * team's row in any order, and of two creates of one userName the later could win. A write the
 * statement leaves to the transaction is answered null.
 */
export function writeTogetherOrAlone<I, O>(together: (inputs: I[]) => Promise<(O | null)[]>): (inputs: I[]) => Promise<(O | null)[]> {
  const alone = async (input: I): Promise<O | null> => {
    try {
      return (await together([input]))[0]!;
    } catch (e) {
      if (leftToTheTransaction(e)) return null;
      throw e;
    }
  };
  return async (inputs) => {
    if (inputs.length === 1) return [await alone(inputs[0]!)];
    try {
      return await together(inputs);
    } catch (e) {
      if (!leftToTheTransaction(e)) throw e;
    }
    const written: (O | null)[] = [];
    for (const input of inputs) written.push(await alone(input));
    return written;
  };
}
