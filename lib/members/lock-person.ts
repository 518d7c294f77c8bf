// The two row locks that keep "one team's IdP moves the sign-in address of a one-team account"
// true on PostgreSQL. A team's writes hold that team's lock (lock-team.ts), but an account is
// shared: team A moving it (update-member.ts, signInEmailMove) and team B adding it (add-member.ts,
// resolvePerson) hold different team locks and would otherwise race, leaving the account in two
// teams with an address only team A chose. So the person's row itself decides who goes first:
//   - a move locks it FOR UPDATE before it counts the account's teams;
//   - an add reads it FOR KEY SHARE (what the new membership's foreign key takes anyway), by its
//     address, so a move waits for the add to commit and then counts its team, and an add that
//     waited for a move reads the address as the move left it: not this account any more.
import type { Person, Tx } from "./types";

/** Locks the person's row for a change of their sign-in address, until the transaction ends. */
export async function lockPersonForAddressMove(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
}

/**
 * The person whose sign-in address this is, their row held against an address move until the
 * transaction ends; null when nobody's is (any more: a move committed while this waited).
 */
export async function personJoiningByAddress(tx: Tx, emailNormalized: string): Promise<Person | null> {
  const [person] = await tx.$queryRaw<Person[]>`
    SELECT id, email, "emailNormalized", name, "emailVerifiedAt", "createdAt", "updatedAt"
      FROM "User" WHERE "emailNormalized" = ${emailNormalized} FOR KEY SHARE`;
  return person ?? null;
}
