// Several instances on one PostgreSQL database must share NEXTAUTH_SECRET (session cookies, the
// request log's masking key), JACKSON_ENCRYPTION_KEY (SAML connections and login state at rest,
// in this database) and JACKSON_CLIENT_SECRET. Unset, each is generated into the instance's own
// data folder (lib/env.ts), so a second instance used its own and served: the other instance's
// session cookies read as garbage and its SAML connections could not be decrypted, with no word of
// why. The database keeps a fingerprint of each (salted scrypt, never the secret);
// an instance whose *generated* secret differs from the one the database knows stops at start-up.
// A secret set in the environment is the operator's word and replaces the fingerprint (a rotation).
// PostgreSQL only: the embedded database has one process, whose data folder holds both.
import crypto from "node:crypto";
import path from "node:path";
import { authSecret, dataDir, env, jacksonClientSecret, jacksonEncryptionKey } from "../env";
import type { AdapterHandle } from "./adapter";

export type InstanceSecret = { name: string; value: string; generated: boolean; file: string };

/** This instance's shared secrets, as set or as generated into its data folder. */
export function instanceSecrets(): InstanceSecret[] {
  const e = env();
  return [
    { name: "NEXTAUTH_SECRET", value: authSecret(), generated: !e.NEXTAUTH_SECRET, file: "auth-secret" },
    { name: "JACKSON_ENCRYPTION_KEY", value: jacksonEncryptionKey(), generated: !e.JACKSON_ENCRYPTION_KEY, file: "jackson-encryption-key" },
    { name: "JACKSON_CLIENT_SECRET", value: jacksonClientSecret(), generated: !e.JACKSON_CLIENT_SECRET, file: "jackson-client-secret" },
  ];
}

// scrypt with a random salt kept beside it, not a fast hash: the table is in every backup, and a
// fast fingerprint of a secret an operator chose would let whoever holds one test guesses at it.
const SCRYPT = { N: 2 ** 14, r: 8, p: 1 };
function fingerprint(s: InstanceSecret, salt = crypto.randomBytes(16).toString("hex")): string {
  return `scrypt$${salt}$${crypto.scryptSync(s.value, `${salt}:${s.name}`, 32, SCRYPT).toString("hex")}`;
}
/** Whether `stored` is the fingerprint of this secret (with the stored salt). */
function matches(s: InstanceSecret, stored: string): boolean {
  const [kind, salt] = stored.split("$");
  if (kind !== "scrypt" || !salt) return false;
  const mine = Buffer.from(fingerprint(s, salt));
  return mine.length === Buffer.byteLength(stored) && crypto.timingSafeEqual(mine, Buffer.from(stored));
}

// Any constant: two instances starting at once on an empty table must not both record theirs.
const LOCK_KEY = 4_716_279_113;

export class InstanceSecretsMismatchError extends Error {
  constructor(readonly secrets: InstanceSecret[]) {
    const names = secrets.map((s) => s.name);
    super(
      `${names.join(", ")} ${names.length > 1 ? "are" : "is"} not set, and the value${names.length > 1 ? "s" : ""} generated into ` +
        `${secrets.map((s) => path.join(dataDir(), s.file)).join(", ")} differ${names.length > 1 ? "" : "s"} from what another instance ` +
        `(or an earlier data folder) uses on this database: sessions signed by one would be refused by the other, and SAML ` +
        `connections encrypted by one could not be read by the other. Set NEXTAUTH_SECRET, JACKSON_ENCRYPTION_KEY and ` +
        `JACKSON_CLIENT_SECRET to the same values on every instance (the first instance's are in the same files of its ` +
        `data folder). See "Configuration" in README.md.`,
    );
    this.name = "InstanceSecretsMismatchError";
  }
}

/** Records this instance's secrets' fingerprints, or throws InstanceSecretsMismatchError. */
export async function checkInstanceSecrets(db: AdapterHandle, secrets: InstanceSecret[] = instanceSecrets()): Promise<void> {
  const mismatched = await db.transaction(async (sql) => {
    await sql.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    const rows = await sql.query<{ name: string; fingerprint: string }>(`SELECT name, fingerprint FROM "InstanceSecretFingerprint"`);
    const known = new Map(rows.map((r) => [r.name, r.fingerprint]));
    const bad: InstanceSecret[] = [];
    for (const s of secrets) {
      const theirs = known.get(s.name);
      if (theirs !== undefined && matches(s, theirs)) continue;
      const mine = fingerprint(s);
      if (theirs !== undefined && s.generated) {
        bad.push(s);
        continue;
      }
      await sql.query(
        `INSERT INTO "InstanceSecretFingerprint" (name, fingerprint, generated, "updatedAt") VALUES ($1, $2, $3, now())
         ON CONFLICT (name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, generated = EXCLUDED.generated, "updatedAt" = now()`,
        [s.name, mine, s.generated],
      );
    }
    return bad;
  });
  if (mismatched.length) throw new InstanceSecretsMismatchError(mismatched);
}
