import { can } from "../auth/permissions";
import { teamRequiringSso } from "../auth/verify-credentials";
import type { Mail } from "../mail/send-mail";
import { passwordResetMail } from "../mail/templates";
import { isEmail, normalizeEmail } from "../members/normalize";
import type { Db } from "../members/types";
import { issuePasswordToken, lockAccountAddress, TOKEN_TTL_MS } from "./tokens";

/** One emailed link per address per minute at most: the form cannot be used to flood an inbox. */
const RESEND_GAP_MS = 60_000;

/**
 * "Forgot password": returns the message to send, or null when there is nobody to send it to.
 * The caller answers the same for every address and runs this after answering, so neither the
 * page nor its timing tells whether the address has an account. Nothing is sent to an address whose domain a
 * team requires SSO for (a password would not let them in), except to that team's owners, who
 * keep a password as a way back in when the IdP is broken.
 */
export async function requestPasswordReset(db: Db, email: string, now = new Date()): Promise<Mail | null> {
  if (!isEmail(email.trim())) return null;
  const normalized = normalizeEmail(email);
  const user = await db.user.findUnique({
    where: { emailNormalized: normalized },
    select: { id: true, email: true, memberships: { where: { status: "ACTIVE" }, select: { teamId: true, role: true } } },
  });
  if (!user || user.memberships.length === 0) return null;
  const ssoTeamId = await teamRequiringSso(db, user.email);
  if (ssoTeamId && !user.memberships.some((m) => m.teamId === ssoTeamId && can(m.role, "sso.keep_password"))) return null;
  const recent = await db.passwordToken.count({ where: { userId: user.id, purpose: "reset", createdAt: { gt: new Date(now.getTime() - RESEND_GAP_MS) } } });
  if (recent > 0) return null;
  // The link is made, and mailed, only while the account still has the address asked about, read
  // again under the account's lock: a move of its address committing since the lookup above (its
  // team's SCIM) withdrew the account's links before this one existed, and the mail would have gone
  // to the old address with a link that proved the new one (found by review).
  const made = await db.$transaction(async (tx) => {
    const account = await lockAccountAddress(tx, user.id);
    if (account?.emailNormalized !== normalized) return null;
    const token = await issuePasswordToken(tx, { userId: user.id, purpose: "reset", createdByLabel: account.email, ttlMs: TOKEN_TTL_MS.self, mailOnly: true, mailedTo: normalized }, now);
    return { to: account.email, token };
  });
  if (!made) return null;
  return passwordResetMail({ to: made.to, link: made.token.link, expiresAt: made.token.expiresAt });
}
