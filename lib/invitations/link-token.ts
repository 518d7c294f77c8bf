import crypto from "node:crypto";

// Secrets in emailed links (invitations, password resets): 32 random bytes, only the SHA-256 kept,
// so a database leak reveals no usable link. A fast hash suffices for 256 bits of entropy.
export function newLinkToken(): { secret: string; hash: string } {
  const secret = crypto.randomBytes(32).toString("base64url");
  return { secret, hash: hashLinkToken(secret) };
}

export function hashLinkToken(secret: string): string {
  return crypto.createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Links are pasted from mail clients; anything that is not a plausible secret is simply unknown. */
export const plausibleLinkToken = (secret: string) => /^[A-Za-z0-9_-]{20,100}$/.test(secret);
