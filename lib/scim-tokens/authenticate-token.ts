import { Prisma } from "../db/generated/client";
import type { Db } from "../members/types";
import { countHitsSql, rateLimitResult, windowStart, type RateLimitResult, type RateLimitRule } from "../rate-limit/fixed-window";
import { hashTokenSecret, TOKEN_PREFIX, VISIBLE_PREFIX_LENGTH, visiblePrefix } from "./token-secret";

/** A token as the request log names it. */
export type TokenRef = { id: string; teamId: string; name: string; prefix: string };

export type TokenAuth =
  | { ok: true; token: TokenRef & { mayManageOwners: boolean }; membershipEpoch: number; rateLimit: RateLimitResult | null }
  | { ok: false; reason: "missing" }
  | { ok: false; reason: "revoked" | "expired"; token: TokenRef }
  // `lookalike`: the one token whose visible prefix the presented secret starts with (a truncated
  // or mistyped paste): its team's request log gets the failure. Null when no token, or several, have it.
  | { ok: false; reason: "invalid"; lookalike: TokenRef | null; presentedPrefix: string | null };

/**
 * The token from an Authorization header: "Bearer <token>", the scheme in any case (RFC 7235).
 * Two paste mistakes are read too rather than answered 401, since our tokens are recognizable by
 * their prefix: the token pasted with its scheme into an IdP field that adds "Bearer " itself
 * ("Bearer Bearer ghscim_…"), and the bare token in a custom-header field ("ghscim_…").
 */
export function bearerSecret(header: string | null): string | null {
  const value = (header ?? "").trim();
  const m = /^bearer\s+(?:bearer\s+(?=ghscim_))?(\S+)$/i.exec(value);
  if (m) return m[1];
  return value.startsWith(TOKEN_PREFIX) && !/\s/.test(value) ? value : null;
}

type TokenRow = {
  id: string; teamId: string; name: string; prefix: string; mayManageOwners: boolean; revokedAt: Date | null; expiresAt: Date | null; lastUsedAt: Date | null;
  membershipEpoch: number; hits: number | null;
};

/**
 * Resolves a SCIM bearer token to its team by hash, and stamps lastUsedAt. With a rate-limit rule,
 * a usable token's hit is counted (key `scim:<token id>`) in the same statement: this runs before
 * every SCIM request, and an import is a thousand of them.
 */
export async function authenticateScimToken(
  db: Db,
  authorization: string | null,
  { now = new Date(), rateLimit }: { now?: Date; rateLimit?: RateLimitRule } = {},
): Promise<TokenAuth> {
  const secret = bearerSecret(authorization);
  if (!secret) return { ok: false, reason: "missing" };
  const nowUtc = now.toISOString();
  const hits = rateLimit
    ? Prisma.sql`, hits AS (${countHitsSql(
        Prisma.sql`SELECT 'scim:' || id FROM t WHERE "revokedAt" IS NULL
                     AND ("expiresAt" IS NULL OR "expiresAt" > (${nowUtc}::timestamptz AT TIME ZONE 'UTC'))`,
        windowStart(rateLimit, now),
      )})`
    : Prisma.empty;
  const rows = await db.$queryRaw<TokenRow[]>`
    WITH t AS (
      SELECT k.id, k."teamId", k.name, k.prefix, k."mayManageOwners", k."revokedAt", k."expiresAt", k."lastUsedAt", team."membershipEpoch"
        FROM "ScimToken" k JOIN "Team" team ON team.id = k."teamId"
       WHERE k."tokenHash" = ${hashTokenSecret(secret)}
    )${hits}
    SELECT t.*, ${rateLimit ? Prisma.sql`(SELECT count FROM hits)` : Prisma.sql`NULL::int`} AS hits FROM t`;
  const token = rows[0];
  if (!token) return invalidToken(db, secret);
  const ref: TokenRef = { id: token.id, teamId: token.teamId, name: token.name, prefix: token.prefix };
  if (token.revokedAt) return { ok: false, reason: "revoked", token: ref };
  if (token.expiresAt && token.expiresAt <= now) return { ok: false, reason: "expired", token: ref };
  // At most one write a minute per token: Okta's imports send thousands of requests.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.scimToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return {
    ok: true,
    token: { ...ref, mayManageOwners: token.mayManageOwners },
    membershipEpoch: Number(token.membershipEpoch),
    rateLimit: rateLimit && token.hits !== null ? rateLimitResult(Number(token.hits), rateLimit, now) : null,
  };
}

/**
 * An unknown secret that starts like one of our tokens: the visible prefix (what token lists show)
 * names the token it was meant to be only when exactly one token has it, so a failure is filed
 * with that token's team and never with another's.
 */
async function invalidToken(db: Db, secret: string): Promise<TokenAuth> {
  const presentedPrefix = secret.startsWith(TOKEN_PREFIX) && secret.length >= VISIBLE_PREFIX_LENGTH ? visiblePrefix(secret) : null;
  if (!presentedPrefix) return { ok: false, reason: "invalid", lookalike: null, presentedPrefix: null };
  const rows = await db.scimToken.findMany({ where: { prefix: presentedPrefix }, select: { id: true, teamId: true, name: true, prefix: true }, take: 2 });
  return { ok: false, reason: "invalid", lookalike: rows.length === 1 ? rows[0]! : null, presentedPrefix };
}
