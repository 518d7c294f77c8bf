import { memberCan, rolesWith } from "../auth/permissions";
import type { MembershipStatus, Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { emailDomain } from "../saml/domains";
import { MemberNotFoundError, OwnerAuthorityError } from "../members/errors";
import { mayManageOwners } from "../members/owner-authority";
import type { Db, Tx } from "../members/types";
import { passwordReachesWhere } from "../members/unproven-account";
import { sendMail } from "../mail/send-mail";
import { passwordResetMail } from "../mail/templates";
import { ResetRefusedError } from "./errors";
import { issuePasswordToken, TOKEN_TTL_MS } from "./tokens";

export type AdminResetLink = { tokenId: string; link: string; expiresAt: Date; email: string };

/** As for invitations: an emailed link is not handed back (using it proves the address); otherwise the admin copies it. */
export type AdminResetDelivery = { email: string } & ({ emailed: true } | { emailed: false; failed: boolean; link: string });

/**
 * An owner or admin makes a link for a member of their team to set a new password; the caller
 * delivers it (deliverMemberResetLink). Refused:
 * - for a member whose sign-in address is on a domain this team requires SSO for (the IdP is
 *   their way in; a password would bypass it);
 * - for an owner, unless the actor has an owner's authority (admins cannot take over owners);
 * - for someone whose account also belongs to a team where the actor is not an owner or admin:
 *   the password is the person's across teams, so a link from one team's admin must not open
 *   another team (they use "Forgot password?" themselves);
 * - for deactivated members, who cannot sign in anyway.
 * Audited in the team's log, naming the member, never the link.
 */
export async function createMemberResetLink(db: Db, target: { teamId: string; membershipId: string }, actor: Actor, now = new Date()): Promise<AdminResetLink> {
  return db.$transaction(async (tx) => {
    // The person's row first, held until the link is in (as lockAccountAddress holds it), then the
    // member read with it: the link is for the address read here, which its mail names. Read
    // without it, a move of the address (their team's SCIM) committing before the insert left a
    // link, made after the move withdrew the account's links, mailed to the old address and
    // proving the new one once used (found by review).
    await tx.$queryRaw`SELECT u.id FROM "User" u JOIN "Membership" m ON m."userId" = u.id WHERE m.id = ${target.membershipId} AND m."teamId" = ${target.teamId} FOR SHARE OF u`;
    const member = await tx.membership.findFirst({ where: { id: target.membershipId, teamId: target.teamId }, select: MEMBER_FIELDS });
    if (!member) throw new MemberNotFoundError();
    // A session an admin's IdP opened (teamOnly) does not carry the person's standing in other teams.
    const maker: Maker = { userId: actor.type === "user" ? actor.userId : null, teamOnly: actor.type === "user" && !!actor.teamOnly, mayManageOwners: mayManageOwners(actor) };
    const refusal = await resetLinkRefusal(tx, target.teamId, member, maker);
    if (refusal) throw refusal;
    const token = await issuePasswordToken(
      tx,
      { userId: member.userId, purpose: "reset", createdByLabel: actor.label, ttlMs: TOKEN_TTL_MS.admin, mailedTo: member.user.emailNormalized, madeIn: { teamId: target.teamId, byUserId: maker.userId, teamOnly: maker.teamOnly } },
      now,
    );
    await recordAudit(tx, {
      teamId: target.teamId,
      actor,
      action: "member.password_reset_link_created",
      target: { type: "member", id: member.id, label: member.email },
      details: { expiresAt: token.expiresAt.toISOString() },
    });
    return { tokenId: token.id, link: token.link, expiresAt: token.expiresAt, email: member.user.email };
  });
}

const MEMBER_FIELDS = { id: true, role: true, status: true, email: true, userId: true, team: { select: { ssoRequired: true } }, user: { select: { email: true, emailNormalized: true, emailVerifiedAt: true } } } as const;
type Member = { id: string; role: Role; status: MembershipStatus; userId: string; team: { ssoRequired: boolean }; user: { email: string; emailNormalized: string | null; emailVerifiedAt: Date | null } };
/** Who made a link, as the rules below read them: null userId for the operator. */
type Maker = { userId: string | null; teamOnly: boolean; mayManageOwners: boolean };

/** Why an admin's link for `member` may not set their password, or null when it may: when it is made, and again when it is used. */
async function resetLinkRefusal(tx: Tx, teamId: string, member: Member, maker: Maker): Promise<Error | null> {
  if (member.status !== "ACTIVE") return new ResetRefusedError("This member is deactivated: reactivate them first.");
  if (member.role === "OWNER" && !maker.mayManageOwners) return new OwnerAuthorityError(false);
  if (member.team.ssoRequired) {
    const domain = emailDomain(member.user.email);
    const ssoDomain = domain && (await tx.teamDomain.count({ where: { teamId, domain, verifiedAt: { not: null } } }));
    if (ssoDomain) return new ResetRefusedError(`This team requires single sign-on for ${domain}: ${member.user.email} signs in through your identity provider, not with a password.`);
  }
  const vouchingUserId = maker.teamOnly ? null : maker.userId;
  const makerIsNot = (permission: "members.reset_password" | "members.grant_owner") =>
    ({ memberships: { none: { userId: vouchingUserId!, status: "ACTIVE" as const, role: { in: rolesWith(permission) } } } });
  const elsewhere = await tx.membership.count({
    where: {
      userId: member.userId,
      teamId: { not: teamId },
      // While the address is unproved, a team closed to the account's password stays closed to one
      // set with this link (which leaves it unproved): a stranger's team adding the address does not
      // stop its own team's admins. Once it is proved, the password reaches every team, closed ones
      // too, and a link from another team's admin would take it from them (found by review).
      ...passwordReachesWhere(member.user),
      // Teams where the maker is an active owner or admin too are theirs to vouch for, as far as
      // they could make the link there: where the person is an owner, only an owner of it may.
      ...(vouchingUserId && { OR: [{ team: makerIsNot("members.reset_password") }, { role: "OWNER" as const, team: makerIsNot("members.grant_owner") }] }),
    },
  });
  if (elsewhere > 0) {
    return new ResetRefusedError(`${member.user.email} also belongs to other teams, which share their password: they can reset it themselves with “Forgot password?” on the sign-in page.`);
  }
  return null;
}

/**
 * Whether an admin's link still may set the password, up to a day after it was made: its maker
 * still an active owner or admin of the team (with an owner's authority for an owner), the person
 * still an active member, and every rule it was made under still holding. Links made elsewhere
 * (forgot password, the operator's owner setup) have no team and are not asked.
 */
export async function adminLinkStillHolds(tx: Tx, link: { userId: string; teamId: string | null; createdByUserId: string | null; createdTeamOnly: boolean }): Promise<boolean> {
  if (link.teamId === null) return true;
  const member = await tx.membership.findFirst({ where: { teamId: link.teamId, userId: link.userId }, select: MEMBER_FIELDS });
  if (!member) return false;
  let mayGrantOwner = true;
  if (link.createdByUserId !== null) {
    const maker = await tx.membership.findFirst({ where: { teamId: link.teamId, userId: link.createdByUserId }, select: { role: true, status: true } });
    if (!memberCan(maker, "members.reset_password")) return false;
    mayGrantOwner = memberCan(maker, "members.grant_owner");
  }
  return (await resetLinkRefusal(tx, link.teamId, member, { userId: link.createdByUserId, teamOnly: link.createdTeamOnly, mayManageOwners: mayGrantOwner })) === null;
}

/**
 * Emails the link when SMTP is configured, to the address it was made for (PasswordToken.mailedTo),
 * and then marks it as gone by mail only (a password set with it proves that address, if still the
 * account's); otherwise returns it for the admin to hand over (a password set with
 * it proves nothing about the address: lib/members/unproven-account.ts).
 */
export async function deliverMemberResetLink(db: Db, made: AdminResetLink, requestedBy: string): Promise<AdminResetDelivery> {
  const mail = await sendMail(passwordResetMail({ to: made.email, link: made.link, expiresAt: made.expiresAt, requestedBy }));
  if (!mail.sent) return { email: made.email, emailed: false, failed: mail.reason === "failed", link: made.link };
  await db.passwordToken.updateMany({ where: { id: made.tokenId, usedAt: null }, data: { mailOnly: true } });
  return { email: made.email, emailed: true };
}
