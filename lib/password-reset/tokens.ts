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

export async function issuePasswordToken(
  tx: Tx,
  /** mailOnly: the link goes to the address's mailbox and nowhere else (forgot password), so using it proves the address. */
  input: {
    userId: string; purpose: PasswordTokenPurpose; createdByLabel: string; ttlMs: number; mailOnly?: boolean;
    /** An admin's link: checked again when used (admin-reset.ts). */
    madeIn?: { teamId: string; byUserId: string | null; teamOnly: boolean };
  },
  now = new Date(),
): Promise<{ id: string; secret: string; link: string; expiresAt: Date }> {
  const { secret, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const { id } = await tx.passwordToken.create({
    data: {
      userId: input.userId, purpose: input.purpose, tokenHash: hash, createdByLabel: input.createdByLabel, expiresAt, mailOnly: input.mailOnly ?? false,
      teamId: input.madeIn?.teamId ?? null, createdByUserId: input.madeIn?.byUserId ?? null, createdTeamOnly: input.madeIn?.teamOnly ?? false,
    },
    select: { id: true },
  });
  return { id, secret, link: passwordLink(secret), expiresAt };
}

export const passwordTokenHash = (secret: string): string | null => (plausibleLinkToken(secret) ? hashLinkToken(secret) : null);
