import crypto from "node:crypto";

// SCIM bearer tokens: 32 random bytes behind a recognisable prefix (so secret scanners and
// people can tell what leaked). Only the SHA-256 is stored; a fast hash is right here because
// the secret has 256 bits of entropy, and lookup by hash stays a single index probe.
export const TOKEN_PREFIX = "ghscim_";

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
}

export function hashTokenSecret(secret: string): string {
  return crypto.createHash("sha256").update(secret, "utf8").digest("hex");
}

/** What lists show to tell tokens apart: the prefix and the first few random characters. */
export const VISIBLE_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export function visiblePrefix(secret: string): string {
  return secret.slice(0, VISIBLE_PREFIX_LENGTH);
}
