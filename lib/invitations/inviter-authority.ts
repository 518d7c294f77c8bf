import { can, memberCan } from "../auth/permissions";
import type { MembershipStatus, Role } from "../db/generated/enums";
import type { Db, Tx } from "../members/types";

type Invitation = { teamId: string; role: Role; invitedByUserId: string | null };
type Inviter = { role: Role; status: MembershipStatus } | null;

/** Whether `inviter` (their membership in the invitation's team, or null) could send `invitation` now. Pure. */
export function inviterVouches(invitation: Pick<Invitation, "role" | "invitedByUserId">, inviter: Inviter): boolean {
  if (invitation.invitedByUserId === null) return true;
  if (!memberCan(inviter, "invitations.manage")) return false;
  return invitation.role !== "OWNER" || memberCan(inviter, "members.grant_owner");
}

/**
 * Whether an invitation's inviter could still make it: an active owner or admin of its team, and
 * an owner for an invitation to be one. Checked when it is opened and accepted, as admin reset links
 * are (password-reset/admin-reset.ts): it was checked when made, but an admin about to be removed
 * could invite their own private address as an admin and come back through it for a week after.
 * An invitation made by no one (the operator's tools) has nobody to lose authority; accounts are
 * never deleted, so a set inviter is always there to check.
 */
export async function inviterStillVouches(db: Db | Tx, invitation: Invitation): Promise<boolean> {
  if (invitation.invitedByUserId === null) return true;
  const inviter = await db.membership.findFirst({
    where: { teamId: invitation.teamId, userId: invitation.invitedByUserId },
    select: { role: true, status: true },
  });
  return inviterVouches(invitation, inviter);
}
