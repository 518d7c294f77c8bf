import type { Db } from "../members/types";
import { hashTokenSecret } from "./token-secret";

export type TokenAuth =
  | { ok: true; token: { id: string; teamId: string; name: string }; membershipEpoch: number }
  | { ok: false; reason: "missing" | "invalid" | "revoked" | "expired" };

/** Bearer scheme, case-insensitively (RFC 7235; some clients send "bearer"). */
export function bearerSecret(header: string | null): string | null {
  const m = /^bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1] : null;
}

/** Resolves a SCIM bearer token to its team by hash, and stamps lastUsedAt. */
export async function authenticateScimToken(db: Db, authorization: string | null, now = new Date()): Promise<TokenAuth> {
  const secret = bearerSecret(authorization);
  if (!secret) return { ok: false, reason: "missing" };
  const token = await db.scimToken.findUnique({
    where: { tokenHash: hashTokenSecret(secret) },
    include: { team: { select: { membershipEpoch: true } } },
  });
  if (!token) return { ok: false, reason: "invalid" };
  if (token.revokedAt) return { ok: false, reason: "revoked" };
  if (token.expiresAt && token.expiresAt <= now) return { ok: false, reason: "expired" };
  // At most one write a minute per token: Okta's imports send thousands of requests.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.scimToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return { ok: true, token: { id: token.id, teamId: token.teamId, name: token.name }, membershipEpoch: token.team.membershipEpoch };
}
