// Whether an account's sign-in proves anything about its address (User.emailVerifiedAt).
//
// Accounts are shared by address across teams, and a team's admin can see some of the secrets that
// set a password: an invitation link shown to copy, a reset link they made, the operator's owner
// setup link. A password set that way is the person's only if the admin handed the link to the
// right person; it proves nothing about the mailbox. So such an account does not take its password
// and sessions into a team that adds the address later: that team could be anyone's, and the
// password could be the first team's admin's (pre-hijacking). The address is proved when a link
// that went only to the mailbox is used, or when an IdP vouches for it within its team's verified
// domain; a password set through a link someone else saw makes it unproved again.
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { endUserSessions } from "../sessions/end-session";
import { normalizeEmail } from "./normalize";
import type { Db, Tx } from "./types";

/** The account's address as a password-setting secret leaves it: proved only by a mail-only link. */
export const emailVerifiedAfter = (secret: { mailOnly: boolean }, now: Date): Date | null => (secret.mailOnly ? now : null);

export type ClearedCredentials = { passwordCleared: boolean; sessionsEnded: number };

/**
 * An existing account joins a team: unless its address is proved, its password is cleared and its
 * sessions end, so whoever set them cannot follow it in. The person gets back in with "Forgot
 * password?" (emailed, which proves the address) or SSO. Null when there was nothing to clear.
 */
export async function clearUnprovenCredentials(tx: Tx, userId: string): Promise<ClearedCredentials | null> {
  const unproven = await tx.user.findFirst({ where: { id: userId, emailVerifiedAt: null }, select: { passwordHash: true } });
  if (!unproven) return null;
  if (unproven.passwordHash) await tx.user.update({ where: { id: userId }, data: { passwordHash: null } });
  const sessionsEnded = await endUserSessions(tx, userId);
  if (!unproven.passwordHash && sessionsEnded === 0) return null;
  return { passwordCleared: !!unproven.passwordHash, sessionsEnded };
}

/**
 * Open password links of the account stop working. "shown": an existing account joins a team
 * (whoever joins it), and links someone else saw (an admin's reset link, the operator's setup
 * link), made while it was in fewer teams, would let their holder set the password the new team
 * now relies on; links that went only to the mailbox stay valid. "all": the account's sign-in
 * address moved, and links mailed to the old address would otherwise prove the new one.
 */
export async function withdrawPasswordLinks(tx: Tx, userId: string, which: "shown" | "all", now = new Date()): Promise<void> {
  await tx.passwordToken.updateMany({
    where: { userId, usedAt: null, expiresAt: { gt: now }, ...(which === "shown" && { mailOnly: false }) },
    data: { expiresAt: now },
  });
}

/** Audits, in the team that added the account, what clearUnprovenCredentials did. */
export async function auditClearedCredentials(tx: Tx, teamId: string, member: { id: string; email: string }, cleared: ClearedCredentials, actor: Actor) {
  await recordAudit(tx, {
    teamId,
    actor,
    action: "member.unproven_credentials_cleared",
    target: { type: "member", id: member.id, label: member.email },
    details: { ...cleared },
  });
}

/**
 * An IdP vouched for the address (a SAML or OIDC sign-in within its team's verified domain). An
 * account that has a password set through a link someone else saw stays unproved: the IdP
 * vouches for the person signing in, not for whoever knows that password.
 */
export async function markProvedBySso(db: Db, userId: string, vouchedEmail: string, now = new Date()): Promise<void> {
  // Only while the account still has the address the IdP vouched for: the login read the person
  // by it, and a move of the account's address may have committed since (its team's SCIM, racing
  // the login); the new address stays unproved (found by review: stamped proved, it let the
  // session follow the account into a team that then added that address).
  await db.user.updateMany({ where: { id: userId, emailNormalized: normalizeEmail(vouchedEmail), emailVerifiedAt: null, passwordHash: null }, data: { emailVerifiedAt: now } });
}
