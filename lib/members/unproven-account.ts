// Whether an account's sign-in proves anything about its address (User.emailVerifiedAt).
//
// Accounts are shared by address across teams, and a team's admin can see some of the secrets that
// set a password: an invitation link shown to copy, a reset link they made, the operator's owner
// setup link. A password set that way is the person's only if the admin handed the link to the
// right person; it proves nothing about the mailbox. So such an account's password and sessions do
// not reach a team that adds the address later (that team could be anyone's, and the password the
// first team's admin's: pre-hijacking) until the address is proved. The address is proved when a link
// that went only to the mailbox is used, or when an IdP vouches for it within its team's verified
// domain; a password set through a link someone else saw makes it unproved again.
import { endUserSessions } from "../sessions/end-session";
import { normalizeEmail } from "./normalize";
import type { Db, Tx } from "./types";

/** The account's address as a password-setting secret leaves it: proved only by a mail-only link. */
export const emailVerifiedAfter = (secret: { mailOnly: boolean }, now: Date): Date | null => (secret.mailOnly ? now : null);

/**
 * The same for a password link, which proves only the address it was mailed to: the account's
 * address may have moved since (its team's SCIM), and a link mailed to the old one says nothing
 * about the new one (found by review: one made as the move committed was mailed to the old
 * address and, used, proved the new one). A link with no recorded address proves nothing.
 */
export const emailVerifiedAfterLink = (link: { mailOnly: boolean; mailedTo: string | null }, account: { emailNormalized: string | null }, now: Date): Date | null =>
  link.mailOnly && link.mailedTo !== null && link.mailedTo === account.emailNormalized ? now : null;

/**
 * An existing account joins a team, added by someone other than its holder: whether the new
 * membership is closed to password sessions (Membership.passwordMayEnter). So it is when the
 * account's address is unproved and it has a password, which may be whoever's set it through a
 * link they saw; it opens once the address is proved (a mailed link, an IdP's vouching) or a link
 * this team's admin made is used. The account itself is left alone: clearing its password and
 * ending its sessions instead let any team, a stranger's own, lock anyone out (found by review).
 * An account without a password gets none later through another team's admin's link: those are
 * withdrawn when it joins (add-member.ts), and refused while it is in a team the maker is not.
 */
export async function closedToPassword(tx: Tx, userId: string): Promise<boolean> {
  return (await tx.user.count({ where: { id: userId, emailVerifiedAt: null, passwordHash: { not: null } } })) > 0;
}

/** A link a team's admin (or the operator, for its team) made was used: that team trusts whoever they gave it to. */
export async function openToPassword(tx: Tx, teamId: string, userId: string): Promise<void> {
  await tx.membership.updateMany({ where: { teamId, userId, passwordMayEnter: false }, data: { passwordMayEnter: true } });
}

/**
 * The operator's own call for the team it creates (`npm run team -- create`): an unproved
 * password does not reach the new owner's membership, so it goes, with the account's sessions,
 * and the owner sets one with the operator's setup link. Only the operator may do this.
 */
export async function replaceUnprovedPassword(tx: Tx, teamId: string, userId: string): Promise<void> {
  await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { passwordHash: null } });
  await endUserSessions(tx, userId);
  await openToPassword(tx, teamId, userId);
}

/** Whether a password session reaches this membership (closedToPassword says when it does not). */
export const passwordReaches = (membership: { passwordMayEnter: boolean }, user: { emailVerifiedAt: Date | null }): boolean =>
  membership.passwordMayEnter || user.emailVerifiedAt !== null;

/** passwordReaches as a condition on the account's memberships, for a query of them. */
export const passwordReachesWhere = (user: { emailVerifiedAt: Date | null }) => (user.emailVerifiedAt === null ? { passwordMayEnter: true } : {});

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
