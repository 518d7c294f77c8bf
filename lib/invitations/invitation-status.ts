import type { InvitationState } from "./errors";

type Row = { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date };

/** Accepted and revoked are final; otherwise the link works until it expires. Pure. */
export function invitationState(row: Row | null, now = new Date()): InvitationState {
  if (!row) return "not_found";
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "pending";
}

export const INVITATION_TTL_DAYS = 7;
export const invitationExpiry = (now = new Date(), days = INVITATION_TTL_DAYS) => new Date(now.getTime() + days * 86_400_000);

/**
 * Whether accepting needs signing in as the address's account first: it belongs to a team, or it
 * has a password its holder proved the address with. A password nobody proved (set through a link
 * a team's admin saw, the account since removed everywhere) does not lock the address's real
 * owner out: they accept as someone new, and that password goes (members/unproven-account.ts). Pure.
 */
export function accountMustSignIn(account: { passwordHash: string | null; emailVerifiedAt: Date | null; memberships: number } | null): boolean {
  if (!account) return false;
  return account.memberships > 0 || (!!account.passwordHash && !!account.emailVerifiedAt);
}
