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
