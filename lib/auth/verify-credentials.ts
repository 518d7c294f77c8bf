import { normalizeEmail } from "../members/normalize";
import type { Db } from "../members/types";
import { dummyPasswordHash, verifyPassword } from "./password";

export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid" | "deactivated" };

/**
 * Email + password sign-in. Unknown email and wrong password give the same answer after the
 * same work (no account enumeration). Only someone who proved the password learns that their
 * access was deactivated, which tells them whom to ask.
 */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<CredentialsResult> {
  const user = await db.user.findUnique({
    where: { emailNormalized: normalizeEmail(email) },
    include: { memberships: { where: { status: "ACTIVE" }, select: { id: true } } },
  });
  if (!user?.passwordHash) {
    await verifyPassword(password, await dummyPasswordHash());
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: "invalid" };
  if (user.memberships.length === 0) return { ok: false, reason: "deactivated" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
