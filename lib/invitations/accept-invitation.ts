import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { provePassword, signInThrottleRules } from "../auth/password-sign-in";
import type { SignInThrottleRules } from "../rate-limit/sign-in-throttle";
import { endUserSessions } from "../sessions/end-session";
import { addMember } from "../members/add-member";
import { emailVerifiedAfter } from "../members/unproven-account";
import type { Db, Tx } from "../members/types";
import { emailDomain } from "../saml/domains";
import { joinTransaction } from "../teams/join-transaction";
import { AccountExistsError, InvitationInputError, InvitationUnusableError, WrongAccountError } from "./errors";
import { accountMustSignIn, invitationState } from "./invitation-status";
import { inviterStillVouches } from "./inviter-authority";
import { hashLinkToken, plausibleLinkToken } from "./link-token";

/**
 * What the accept page needs to know about a link: whether it can be used, and for whom. Reads
 * only; the state is decided again inside acceptInvitation's transaction.
 */
export async function lookupInvitation(db: Db, secret: string, now = new Date()) {
  const invitation = plausibleLinkToken(secret)
    ? await db.invitation.findUnique({
        where: { tokenHash: hashLinkToken(secret) },
        include: { team: { select: { id: true, name: true, slug: true, ssoRequired: true } } },
      })
    : null;
  const stateOfRow = invitationState(invitation, now);
  if (!invitation) return { state: stateOfRow, invitation: null } as const;
  const state = stateOfRow === "pending" && !(await inviterStillVouches(db, invitation)) ? "withdrawn" : stateOfRow;
  const account = await db.user.findUnique({
    where: { emailNormalized: invitation.emailNormalized },
    select: { id: true, passwordHash: true, emailVerifiedAt: true, _count: { select: { memberships: true } } },
  });
  return {
    state,
    invitation: {
      email: invitation.email,
      emailNormalized: invitation.emailNormalized,
      role: invitation.role,
      invitedBy: invitation.invitedByLabel,
      expiresAt: invitation.expiresAt,
      team: { name: invitation.team.name, slug: invitation.team.slug },
    },
    /** The address has an account: accepting means signing in as it first. */
    accountExists: accountMustSignIn(account && { ...account, memberships: account._count.memberships }),
    /** The team signs this address in through its IdP: no password is set. */
    ssoRequired: await requiresSso(db, invitation.team, invitation.emailNormalized),
  } as const;
}

async function requiresSso(db: Db | Tx, team: { id: string; ssoRequired: boolean }, email: string): Promise<boolean> {
  const domain = emailDomain(email);
  if (!team.ssoRequired || !domain) return false;
  return (await db.teamDomain.count({ where: { teamId: team.id, domain, verifiedAt: { not: null } } })) > 0;
}

export type Acceptor =
  /**
   * Signed in: must be the invited address. viaPassword: the session proved the account's
   * password; an SSO session does not vouch for a password someone else may have set on it.
   */
  | { userId: string; viaPassword: boolean }
  /** New to Gatehouse: chooses their name and password. */
  | { newAccount: { name: string; password: string } }
  /** The team requires SSO for the address: joins without a password and signs in through the IdP. */
  | { sso: true }
  /**
   * Signed out, the invited address's existing account: proves it is theirs with its password
   * (throttled as sign-in is). Sign-in itself refuses someone in no team, so a person removed or
   * deactivated everywhere could not otherwise accept an invitation back.
   */
  | { accountPassword: string; address: string | null; throttle?: SignInThrottleRules };

export type AcceptResult = { teamSlug: string; email: string; alreadyMember: boolean };

/**
 * Turns an invitation into a membership, once: the link's row is locked, its state checked, the
 * member added through the membership domain (with the role the inviter chose and was allowed to
 * grant), the invitation marked used and the acceptance audited, all in one transaction.
 */
export async function acceptInvitation(db: Db, secret: string, acceptor: Acceptor, now = new Date()): Promise<AcceptResult> {
  if (!plausibleLinkToken(secret)) throw new InvitationUnusableError("not_found");
  if ("accountPassword" in acceptor) return acceptInvitation(db, secret, { userId: await proveInvitedAccount(db, secret, acceptor), viaPassword: true }, now);
  if ("newAccount" in acceptor) {
    const name = acceptor.newAccount.name.trim();
    if (!name) throw new InvitationInputError("Enter your name.");
    if (acceptor.newAccount.password.length < 8) throw new InvitationInputError("Choose a password of at least 8 characters.");
  }
  const passwordHash = "newAccount" in acceptor ? await hashPassword(acceptor.newAccount.password) : undefined;

  return db.$transaction(async (tx) => {
    const hash = hashLinkToken(secret);
    // The team's row first, then the link's: every other writer of the team's invitations and
    // members (a revocation, a SCIM create consuming the invitation, the team's deletion, addMember
    // below) takes the team's row before the invitation's. Taken the other way round, an acceptance
    // and any of them deadlocked, and PostgreSQL aborted one (the revocation, the IdP's create or
    // the deletion failed with an error). A team deleted meanwhile has no row: the link is gone.
    const [link] = await tx.$queryRaw<{ teamId: string }[]>`SELECT "teamId" FROM "Invitation" WHERE "tokenHash" = ${hash}`;
    if (!link) throw new InvitationUnusableError("not_found");
    // NO KEY UPDATE, the mode the other writers take (lockTeam's UPDATE): FOR UPDATE would also hold
    // every foreign-key check on the team (audit rows, the SCIM request log) behind the acceptance.
    const team = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Team" WHERE id = ${link.teamId} FOR NO KEY UPDATE`;
    if (team.length === 0) throw new InvitationUnusableError("not_found");
    // Two clicks on one link: the second waits (at the team) and then finds it used.
    await tx.$queryRaw`SELECT id FROM "Invitation" WHERE "tokenHash" = ${hash} FOR UPDATE`;
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hash }, include: { team: true } });
    const state = invitationState(invitation, now);
    if (!invitation || state !== "pending") throw new InvitationUnusableError(state === "pending" ? "not_found" : state);
    if (!(await inviterStillVouches(tx, invitation))) throw new InvitationUnusableError("withdrawn");

    // The account's row, before deciding whether it must sign in: another team adding the address
    // (which takes it FOR KEY SHARE) waits, or has committed and is seen. Unlocked, a team's add
    // read "no password" while this set one on an account read as "in no team", and the new
    // membership was left open to it (PostgreSQL; found by review).
    await tx.$queryRaw`SELECT id FROM "User" WHERE "emailNormalized" = ${invitation.emailNormalized} FOR UPDATE`;
    const account = await tx.user.findUnique({
      where: { emailNormalized: invitation.emailNormalized },
      select: { id: true, email: true, passwordHash: true, emailVerifiedAt: true, _count: { select: { memberships: true } } },
    });
    let label = invitation.email;
    if ("userId" in acceptor) {
      if (account?.id !== acceptor.userId) throw new WrongAccountError(invitation.email);
      label = account.email;
    } else if (accountMustSignIn(account && { ...account, memberships: account._count.memberships })) {
      throw new AccountExistsError(invitation.email);
    } else if ("sso" in acceptor && !(await requiresSso(tx, invitation.team, invitation.emailNormalized))) {
      throw new InvitationInputError("This team does not use single sign-on for your address: choose a password instead.");
    }

    // The inviter's authority was checked when the invitation was made (owners only invite owners),
    // and again just above: it must still hold.
    const actor: Actor = account
      ? { type: "user", userId: account.id, label, mayManageOwners: invitation.role === "OWNER" }
      : { type: "system", label: `invitation (${label})` };
    // Already a member by another way (SCIM provisioned the address, an admin added it): the
    // invitation is used up by that member rather than adding the person twice.
    const existing = await tx.membership.findFirst({
      where: { teamId: invitation.teamId, OR: [{ emailNormalized: invitation.emailNormalized }, { user: { emailNormalized: invitation.emailNormalized } }] },
      select: { id: true },
    });
    const alreadyMember = !!existing;
    let membershipId = existing?.id;
    if (!membershipId) {
      const member = await addMember(
        joinTransaction(tx),
        {
          teamId: invitation.teamId,
          email: invitation.email,
          role: invitation.role,
          roleSource: "MANUAL",
          source: "MANUAL",
          passwordHash,
          // Signed in, the account's holder is the one joining; with a new name and password,
          // whoever the invitation's link reached becomes it (the password below replaces any
          // other). Through SSO, an existing account's unproved password does not reach the team.
          accountHolderPresent: ("userId" in acceptor && acceptor.viaPassword) || "newAccount" in acceptor,
        },
        actor,
      );
      membershipId = member.id;
      // The name a new person gives themselves is their account's own (never a team's to write).
      const ownName = "newAccount" in acceptor ? acceptor.newAccount.name.trim() : "";
      if (ownName && member.user.name === null) await tx.user.update({ where: { id: member.userId }, data: { name: ownName } });
      // An account with no password and no team left (e.g. removed everywhere) takes the new one;
      // a new account has it already (a member carries no hash to compare with, so the row decides).
      if (passwordHash) {
        await tx.user.updateMany({ where: { id: member.userId, OR: [{ passwordHash: null }, { passwordHash: { not: passwordHash } }] }, data: { passwordHash } });
        // Another password it replaces (someone else's, set through a link they saw; read above
        // under the account's lock): whoever held it, and any session it opened, is out.
        if (account?.passwordHash) await endUserSessions(tx, member.userId);
      }
      // A link that went only to the mailbox proves the address: for the password chosen with it,
      // and for the account signed in to use it. One the inviter saw proves nothing (a password
      // chosen with it is unproved, whatever the account was before).
      if (passwordHash) await tx.user.update({ where: { id: member.userId }, data: { emailVerifiedAt: emailVerifiedAfter(invitation, now) } });
      // Through SSO, only for an account without a password: the mailbox is the person's, not
      // necessarily the password someone else set (a proved address opens every team to it).
      else if ("userId" in acceptor && invitation.mailOnly) {
        await tx.user.updateMany({ where: { id: member.userId, emailVerifiedAt: null, ...(!acceptor.viaPassword && { passwordHash: null }) }, data: { emailVerifiedAt: now } });
      }
    }
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now, membershipId } });
    await recordAudit(tx, {
      teamId: invitation.teamId,
      actor,
      action: "invitation.accepted",
      target: { type: "invitation", id: invitation.id, label: invitation.email },
      details: { role: invitation.role, membershipId, via: "sso" in acceptor ? "sso" : "newAccount" in acceptor ? "new_account" : "signed_in" },
    });
    return { teamSlug: invitation.team.slug, email: invitation.email, alreadyMember };
  });
}

/** The invited address's account, proved by its password; its id, or a refusal to show on the form. */
async function proveInvitedAccount(db: Db, secret: string, acceptor: { accountPassword: string; address: string | null; throttle?: SignInThrottleRules }): Promise<string> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashLinkToken(secret) }, select: { email: true, emailNormalized: true } });
  if (!invitation) throw new InvitationUnusableError("not_found");
  // Only an account the accept page asks to prove itself: a password nobody proved (set through a
  // link someone else saw) does not vouch for the address; its real owner chooses a new one.
  const account = await db.user.findUnique({
    where: { emailNormalized: invitation.emailNormalized },
    select: { passwordHash: true, emailVerifiedAt: true, _count: { select: { memberships: true } } },
  });
  if (!accountMustSignIn(account && { ...account, memberships: account._count.memberships })) {
    throw new InvitationInputError("Choose your name and a new password to accept: this address has no account to sign in with.");
  }
  const proof = await provePassword(db, { email: invitation.email, password: acceptor.accountPassword, address: acceptor.address }, acceptor.throttle ?? signInThrottleRules());
  if (proof.ok) return proof.user.id;
  if (proof.reason === "throttled") {
    const minutes = Math.max(1, Math.ceil(proof.retryAfterSeconds / 60));
    throw new InvitationInputError(`Too many attempts with a wrong password. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}, or use “Forgot password?”.`);
  }
  if (proof.reason === "sso_required") throw new InvitationInputError(`${invitation.email} signs in with single sign-on: use “Continue with SSO” on the sign-in page, then open this link again.`);
  throw new InvitationInputError("That is not the password of this account. Try again, or use “Forgot password?”.");
}
