import { can } from "../auth/permissions";
import { teamRequiringSso } from "../auth/verify-credentials";
import type { Mail } from "../mail/send-mail";
import { passwordResetMail } from "../mail/templates";
import { isEmail, normalizeEmail } from "../members/normalize";
import type { Db } from "../members/types";
import { issuePasswordToken, TOKEN_TTL_MS } from "./tokens";

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
  const user = await db.user.findUnique({
    where: { emailNormalized: normalizeEmail(email) },
    select: { id: true, email: true, memberships: { where: { status: "ACTIVE" }, select: { teamId: true, role: true } } },
  });
  if (!user || user.memberships.length === 0) return null;
  const ssoTeamId = await teamRequiringSso(db, user.email);
  if (ssoTeamId && !user.memberships.some((m) => m.teamId === ssoTeamId && can(m.role, "sso.keep_password"))) return null;
  const recent = await db.passwordToken.count({ where: { userId: user.id, purpose: "reset", createdAt: { gt: new Date(now.getTime() - RESEND_GAP_MS) } } });
  if (recent > 0) return null;
  const token = await db.$transaction((tx) => issuePasswordToken(tx, { userId: user.id, purpose: "reset", createdByLabel: user.email, ttlMs: TOKEN_TTL_MS.self, mailOnly: true }, now));
  return passwordResetMail({ to: user.email, link: token.link, expiresAt: token.expiresAt });
}
