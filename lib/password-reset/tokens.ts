import type { Tx } from "../members/types";
import { appUrl } from "../env";
import { hashLinkToken, newLinkToken, plausibleLinkToken } from "../invitations/link-token";

// Single-use links that let a person set a password: "reset" (forgot password, or made by a team
// admin) and "owner_setup" (the operator CLI's link for a new team's owner). Only the SHA-256 of
// the secret is stored (PasswordToken.tokenHash), so a database leak reveals no usable link.
export type PasswordTokenPurpose = "reset" | "owner_setup";

const HOUR = 3_600_000;
/** How long a link works: short for a self-service reset, longer when someone passes it on. */
export const TOKEN_TTL_MS = { self: 1 * HOUR, admin: 24 * HOUR, owner_setup: 7 * 24 * HOUR } as const;

/** withdrawn: an admin's link whose rules no longer hold (admin-reset.ts adminLinkStillHolds). */
export type PasswordTokenState = "valid" | "expired" | "used" | "not_found" | "withdrawn";

export function passwordTokenState(token: { expiresAt: Date; usedAt: Date | null } | null, now: Date): PasswordTokenState {
  if (!token) return "not_found";
  if (token.usedAt) return "used";
  if (token.expiresAt <= now) return "expired";
  return "valid";
}

export const passwordLink = (secret: string) => `${appUrl()}/reset-password/${secret}`;

/**
 * The account's sign-in address, its row held until the transaction ends: a link made in the same
 * transaction is for this address, and its mail names it. A move of the address (update-member.ts,
 * signInEmailMove) locks the row FOR UPDATE and then withdraws the account's links: it either
 * committed before this read, which sees the new address, or waits for the link to commit and
 * withdraws it. Read before the lock, an address could be moved away before the link went in,
 * after the withdrawal, and the link mailed to the old address proved the new one (found by
 * review). Null: no such account.
 */
export async function lockAccountAddress(tx: Tx, userId: string): Promise<{ email: string; emailNormalized: string | null } | null> {
  const [row] = await tx.$queryRaw<{ email: string; emailNormalized: string | null }[]>`SELECT email, "emailNormalized" FROM "User" WHERE id = ${userId} FOR SHARE`;
  return row ?? null;
}

export async function issuePasswordToken(
  tx: Tx,
  /**
   * mailOnly: the link goes to the address's mailbox and nowhere else (forgot password), so using it
   * proves the address: the one in mailedTo (normalized, read under a lock on the account's row in
   * this transaction, as lockAccountAddress reads it), and only while the account still has it
   * (reset-password.ts).
   */
  input: {
    userId: string; purpose: PasswordTokenPurpose; createdByLabel: string; ttlMs: number; mailOnly?: boolean; mailedTo?: string | null;
    /** An admin's link: checked again when used (admin-reset.ts). */
    madeIn?: { teamId: string; byUserId: string | null; teamOnly: boolean };
  },
  now = new Date(),
): Promise<{ id: string; secret: string; link: string; expiresAt: Date }> {
  const { secret, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const { id } = await tx.passwordToken.create({
    data: {
      userId: input.userId, purpose: input.purpose, tokenHash: hash, createdByLabel: input.createdByLabel, expiresAt, mailOnly: input.mailOnly ?? false, mailedTo: input.mailedTo ?? null,
      teamId: input.madeIn?.teamId ?? null, createdByUserId: input.madeIn?.byUserId ?? null, createdTeamOnly: input.madeIn?.teamOnly ?? false,
    },
    select: { id: true },
  });
  return { id, secret, link: passwordLink(secret), expiresAt };
}

export const passwordTokenHash = (secret: string): string | null => (plausibleLinkToken(secret) ? hashLinkToken(secret) : null);
