import type { Db } from "../db/types";
import { claimHitsIn } from "../rate-limit/claim-hits";
import type { RateLimitResult, RateLimitRule } from "../rate-limit/fixed-window";
import { HitLeases } from "../rate-limit/hit-lease";
import { Prisma } from "../db/generated/client";
import { jsonTimestampOrNull } from "../db/json-timestamp";
import { queryPrepared } from "../db/statement-names";
import { hashTokenSecret, TOKEN_PREFIX, VISIBLE_PREFIX_LENGTH, visiblePrefix } from "./token-secret";
import { readTokenScope, type TokenScope } from "./token-scope";
import { tokenAuthoritySql } from "../members/token-authority";

/** A token as the request log names it. */
export type TokenRef = { id: string; teamId: string; name: string; prefix: string };

export type TokenAuth =
  | {
      ok: true;
      token: TokenRef & { mayManageOwners: boolean; scope: TokenScope };
      membershipEpoch: number;
      rateLimit: RateLimitResult | null;
      /** What the `alongside` expression read, when one was given. */
      alongside: unknown;
    }
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

// The token's row as one JSON object rather than as eleven columns: pg decodes a statement's
// column descriptions and every column of its row in JavaScript on each run, which for the
// statement every SCIM request runs cost more than parsing one small object. Named keys, not an
// array's positions: a reordering must not read one field as another (revokedAt as lastUsedAt).
type TokenJson = {
  id: string; teamId: string; name: string; prefix: string; mayManageOwners: boolean; scope: string;
  revokedAt: string | null; expiresAt: string | null; lastUsedAt: string | null; membershipEpoch: number; alongside: unknown;
};

function tokenFromJson(json: TokenJson | string) {
  const t = typeof json === "string" ? (JSON.parse(json) as TokenJson) : json;
  return { ...t, revokedAt: jsonTimestampOrNull(t.revokedAt), expiresAt: jsonTimestampOrNull(t.expiresAt), lastUsedAt: jsonTimestampOrNull(t.lastUsedAt) };
}

/** An SQL expression read in the token's own statement, of the token's team (`teamId`, an SQL expression). */
export type AlongsideSql = (teamId: Prisma.Sql) => Prisma.Sql;

/**
 * Resolves a SCIM bearer token to its team by hash, and stamps lastUsedAt. The token is read from
 * the database on every request — one indexed read, no write — so a revocation takes effect at the
 * very next request on every instance. With a rate-limit rule, a usable token's hit is taken from
 * this instance's lease on the shared counter (key `scim:<token id>`, lib/rate-limit/hit-lease.ts):
 * one counter write per lease instead of one per request.
 *
 * `alongside`: a read the request will need of the token's team (Okta's lookup by userName), run in
 * the same statement to save a round trip. It is read only for a token neither revoked nor expired,
 * and its value is returned only with `ok: true`: the caller must still refuse what the token may
 * not do.
 */
export async function authenticateScimToken(
  db: Db,
  authorization: string | null,
  { now = new Date(), rateLimit, alongside }: { now?: Date; rateLimit?: RateLimitRule; alongside?: AlongsideSql } = {},
): Promise<TokenAuth> {
  const secret = bearerSecret(authorization);
  if (!secret) return { ok: false, reason: "missing" };
  // Not for a token refused anyway (revoked, expired; the app decides, this only spares the read).
  const alongsideSql = alongside
    ? Prisma.sql`CASE WHEN k."revokedAt" IS NULL AND (k."expiresAt" IS NULL OR k."expiresAt" > ${now}) THEN ${alongside(Prisma.sql`k."teamId"`)} END`
    : Prisma.sql`NULL`;
  const rows = await queryPrepared<{ token: TokenJson | string }[]>(db, Prisma.sql`
    SELECT json_build_object('id', k.id, 'teamId', k."teamId", 'name', k.name, 'prefix', k.prefix, 'mayManageOwners', ${tokenAuthoritySql},
                             'scope', k.scope, 'revokedAt', k."revokedAt", 'expiresAt', k."expiresAt", 'lastUsedAt', k."lastUsedAt",
                             'membershipEpoch', team."membershipEpoch", 'alongside', ${alongsideSql}) AS token
      FROM "ScimToken" k JOIN "Team" team ON team.id = k."teamId"
     WHERE k."tokenHash" = ${hashTokenSecret(secret)}`);
  if (!rows[0]) return invalidToken(db, secret);
  const token = tokenFromJson(rows[0].token);
  const ref: TokenRef = { id: token.id, teamId: token.teamId, name: token.name, prefix: token.prefix };
  if (token.revokedAt) return { ok: false, reason: "revoked", token: ref };
  // Not `expiresAt <= now`: an expiry that does not read as a date (PostgreSQL's 'infinity') never passes that.
  if (token.expiresAt && !(token.expiresAt > now)) return { ok: false, reason: "expired", token: ref };
  // At most one write a minute per token (Okta's imports send thousands of requests); a stamp
  // that does not read as a date is written over.
  if (!(now.getTime() - (token.lastUsedAt?.getTime() ?? Number.NaN) <= 60_000)) {
    await db.scimToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return {
    ok: true,
    token: { ...ref, mayManageOwners: token.mayManageOwners, scope: readTokenScope(token.scope) },
    membershipEpoch: Number(token.membershipEpoch),
    rateLimit: rateLimit ? await hitLeases(db).hit(`scim:${token.id}`, rateLimit, now) : null,
    alongside: token.alongside,
  };
}

// One set of leases per database a process talks to (tests open several), on globalThis: Next
// bundles a copy of this module per route, and every route must draw from the same lease.
const slot = globalThis as unknown as { gatehouseScimHitLeases?: WeakMap<Db, HitLeases> };
function hitLeases(db: Db): HitLeases {
  const leases = (slot.gatehouseScimHitLeases ??= new WeakMap());
  let l = leases.get(db);
  if (!l) leases.set(db, (l = new HitLeases(claimHitsIn(db))));
  return l;
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
