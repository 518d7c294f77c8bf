// Remembers which SAML responses were already used, so a captured one cannot sign anyone in
// again (jackson only stops SP-initiated replays, by deleting the session; an IdP-initiated or
// re-posted-without-RelayState response would pass). Shared across instances via the database.
import crypto from "node:crypto";
import type { Db } from "../members/types";

const hashKey = (k: string) => crypto.createHash("sha256").update(k).digest("hex");

/** True when any key was already used and has not expired. */
export async function wasUsed(db: Db, keys: string[], now = new Date()): Promise<boolean> {
  if (keys.length === 0) return false;
  const found = await db.samlReplay.count({ where: { key: { in: keys.map(hashKey) }, expiresAt: { gt: now } } });
  return found > 0;
}

/**
 * Records the keys as used until `expiresAt`. Returns false when another request recorded any of
 * them first (a replay racing the original): that caller must refuse the response.
 */
export async function markUsed(db: Db, keys: string[], expiresAt: Date, now = new Date()): Promise<boolean> {
  if (keys.length === 0) return true;
  const fresh = await db.$transaction(async (tx) => {
    let ok = true;
    for (const key of keys.map(hashKey)) {
      // An expired record is reused; a live one is left alone and reported.
      const rows = await tx.$queryRaw<{ key: string }[]>`
        INSERT INTO "SamlReplay" (key, "expiresAt") VALUES (${key}, ${expiresAt})
        ON CONFLICT (key) DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
        WHERE "SamlReplay"."expiresAt" <= ${now}
        RETURNING key`;
      if (rows.length === 0) ok = false;
    }
    return ok;
  });
  // Expired records are swept now and then rather than on every login.
  if (Math.random() < 0.02) {
    await db.samlReplay.deleteMany({ where: { expiresAt: { lte: now } } }).catch(() => {});
  }
  return fresh;
}
