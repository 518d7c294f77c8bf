// When a token's admins are warned that it is about to stop working.

/** Days ahead of a token's expiry that the members page warns. */
export const TOKEN_EXPIRY_WARNING_DAYS = 14;

export type TokenExpiryState =
  | { kind: "ok" }
  | { kind: "expiring"; daysLeft: number }
  | { kind: "expired" }
  /** Rotated: valid until the overlap ends, then refused. */
  | { kind: "retiring"; until: Date };

export function tokenExpiryState(token: { expiresAt: Date | null; revokedAt: Date | null; rotatedAt?: Date | null }, now = new Date()): TokenExpiryState {
  if (token.revokedAt || !token.expiresAt) return { kind: "ok" };
  const ms = token.expiresAt.getTime() - now.getTime();
  if (ms <= 0) return { kind: "expired" };
  if (token.rotatedAt) return { kind: "retiring", until: token.expiresAt };
  const daysLeft = Math.ceil(ms / 86_400_000);
  return daysLeft <= TOKEN_EXPIRY_WARNING_DAYS ? { kind: "expiring", daysLeft } : { kind: "ok" };
}
