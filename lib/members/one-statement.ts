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
