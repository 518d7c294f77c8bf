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
 * An existing account joins a team, whoever joins it: password links someone else saw (an admin's
 * reset link, the operator's setup link), made while the account was in fewer teams, stop working.
 * Whoever holds one could otherwise set the password of an account the new team now relies on.
 * Links that went only to the mailbox stay valid. Returns how many were withdrawn.
 */
export async function withdrawShownPasswordLinks(tx: Tx, userId: string, now = new Date()): Promise<number> {
  const { count } = await tx.passwordToken.updateMany({ where: { userId, usedAt: null, mailOnly: false, expiresAt: { gt: now } }, data: { expiresAt: now } });
  return count;
}

/**
 * The account's sign-in address moved (an IdP renamed a one-team account): every open password
 * link stops working, mail-only ones too, since those went to the old address's mailbox and would
 * otherwise prove the new one.
 */
export async function withdrawAllPasswordLinks(tx: Tx, userId: string, now = new Date()): Promise<number> {
  const { count } = await tx.passwordToken.updateMany({ where: { userId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
  return count;
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
export async function markProvedBySso(db: Db, userId: string, now = new Date()): Promise<void> {
  await db.user.updateMany({ where: { id: userId, emailVerifiedAt: null, passwordHash: null }, data: { emailVerifiedAt: now } });
}
