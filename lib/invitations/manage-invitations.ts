import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { lockTeamRow } from "../audit/standing";
import { MemberNotFoundError } from "../members/errors";
import { isEmail, normalizeEmail } from "../members/normalize";
import { assertOwnerAuthority } from "../members/owner-authority";
import type { Db, Tx } from "../members/types";
import { InvitationInputError, InvitationUnusableError } from "./errors";
import { invitationExpiry, invitationState } from "./invitation-status";
import { inviterVouches } from "./inviter-authority";
import { newLinkToken } from "./link-token";

export type InvitationWithSecret = { invitation: { id: string; email: string; role: Role; expiresAt: Date }; secret: string };

/** Serialises invitation writes of one team (two admins inviting the same address at once). */
async function lockTeamOf(tx: Tx, teamId: string, actor: Actor) {
  if (!(await lockTeamRow(tx, teamId, actor))) throw new MemberNotFoundError("Team");
}

/**
 * Invites an email address to a team with a role. The invitation is not a membership: it becomes
 * one when the person accepts (or when SCIM provisions the same address). Owners only may invite
 * an owner. Returns the link's secret, which is never stored and cannot be shown again.
 */
export async function createInvitation(
  db: Db,
  input: { teamId: string; email: string; role: Role },
  actor: Actor,
  now = new Date(),
): Promise<InvitationWithSecret> {
  const email = input.email.trim();
  if (!isEmail(email)) throw new InvitationInputError("Enter a valid email address.");
  const emailNormalized = normalizeEmail(email);
  assertOwnerAuthority(actor, null, { role: input.role, status: "ACTIVE" });
  return db.$transaction(async (tx) => {
    await lockTeamOf(tx, input.teamId, actor);
    const member = await tx.membership.findFirst({
      where: { teamId: input.teamId, OR: [{ emailNormalized }, { user: { emailNormalized } }] },
      select: { id: true },
    });
    if (member) throw new InvitationInputError(`${email} is already a member of this team.`);
    const open = await tx.invitation.findMany({ where: { teamId: input.teamId, emailNormalized, acceptedAt: null, revokedAt: null } });
    if (open.some((i) => invitationState(i, now) === "pending")) {
      throw new InvitationInputError(`${email} has already been invited. Use “Resend” in the invitations list for a new link.`);
    }
    // An expired invitation is replaced by the new one rather than listed twice.
    if (open.length) await tx.invitation.updateMany({ where: { id: { in: open.map((i) => i.id) } }, data: { revokedAt: now } });
    const token = newLinkToken();
    const invitation = await tx.invitation.create({
      data: {
        teamId: input.teamId,
        email,
        emailNormalized,
        role: input.role,
        tokenHash: token.hash,
        invitedByUserId: actor.type === "user" ? actor.userId : null,
        invitedByLabel: actor.label,
        createdAt: now,
        sentAt: now,
        expiresAt: invitationExpiry(now),
      },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actor,
      action: "invitation.created",
      target: { type: "invitation", id: invitation.id, label: email },
      details: { role: input.role, expiresAt: invitation.expiresAt.toISOString() },
    });
    return { invitation, secret: token.secret };
  });
}

async function loadOpen(tx: Tx, teamId: string, invitationId: string, actor: Actor) {
  await lockTeamOf(tx, teamId, actor);
  const invitation = await tx.invitation.findFirst({ where: { id: invitationId, teamId } });
  if (!invitation) throw new MemberNotFoundError("Invitation");
  const state = invitationState(invitation);
  if (state === "accepted" || state === "revoked" || state === "not_found") throw new InvitationUnusableError(state);
  return invitation;
}

/** A new link with a fresh expiry; the previous link stops working. Works on expired invitations too. */
export async function resendInvitation(db: Db, target: { teamId: string; invitationId: string }, actor: Actor, now = new Date()): Promise<InvitationWithSecret> {
  return db.$transaction(async (tx) => {
    const current = await loadOpen(tx, target.teamId, target.invitationId, actor);
    assertOwnerAuthority(actor, null, { role: current.role, status: "ACTIVE" });
    const token = newLinkToken();
    const invitation = await tx.invitation.update({
      where: { id: current.id },
      // A new link, not emailed yet (deliverInvitation says whether it went by mail only), sent
      // under the resender's authority: it is theirs to vouch for now (inviter-authority.ts).
      data: {
        tokenHash: token.hash,
        sentAt: now,
        expiresAt: invitationExpiry(now),
        mailOnly: false,
        invitedByUserId: actor.type === "user" ? actor.userId : null,
        invitedByLabel: actor.label,
      },
    });
    await recordAudit(tx, {
      teamId: target.teamId,
      actor,
      action: "invitation.resent",
      target: { type: "invitation", id: invitation.id, label: invitation.email },
      details: { expiresAt: invitation.expiresAt.toISOString() },
    });
    return { invitation, secret: token.secret };
  });
}

export async function revokeInvitation(db: Db, target: { teamId: string; invitationId: string }, actor: Actor, now = new Date()) {
  return db.$transaction(async (tx) => {
    const current = await loadOpen(tx, target.teamId, target.invitationId, actor);
    const invitation = await tx.invitation.update({ where: { id: current.id }, data: { revokedAt: now } });
    await recordAudit(tx, {
      teamId: target.teamId,
      actor,
      action: "invitation.revoked",
      target: { type: "invitation", id: invitation.id, label: invitation.email },
    });
    return invitation;
  });
}

/**
 * The team's open invitations (pending or expired), newest first, for the Manage Team page. An
 * address that has meanwhile become a member (SCIM provisioned it) is not listed: it is that
 * member now, never two rows.
 */
export async function listOpenInvitations(db: Db, teamId: string, now = new Date()) {
  const rows = await db.invitation.findMany({
    where: { teamId, acceptedAt: null, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  if (rows.length === 0) return [];
  const emails = rows.map((r) => r.emailNormalized);
  const members = await db.membership.findMany({
    where: { teamId, OR: [{ emailNormalized: { in: emails } }, { user: { emailNormalized: { in: emails } } }] },
    select: { emailNormalized: true, user: { select: { emailNormalized: true } } },
  });
  const taken = new Set(members.flatMap((m) => [m.emailNormalized, m.user.emailNormalized ?? ""]));
  // Who sent each, as they stand in the team now: a link its sender could no longer send does not work.
  const senders = [...new Set(rows.flatMap((r) => (r.invitedByUserId ? [r.invitedByUserId] : [])))];
  const standing = new Map(
    (await db.membership.findMany({ where: { teamId, userId: { in: senders } }, select: { userId: true, role: true, status: true } })).map((m) => [m.userId, m]),
  );
  return rows
    .filter((r) => !taken.has(r.emailNormalized))
    .map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      invitedBy: r.invitedByLabel,
      sentAt: r.sentAt,
      expiresAt: r.expiresAt,
      expired: invitationState(r, now) === "expired",
      /** Its sender can no longer send it (inviter-authority.ts): refused until revoked or resent by someone who may. */
      withdrawn: !inviterVouches(r, standing.get(r.invitedByUserId ?? "") ?? null),
    }));
}

export type OpenInvitation = Awaited<ReturnType<typeof listOpenInvitations>>[number];
