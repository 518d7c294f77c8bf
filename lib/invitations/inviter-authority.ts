import { can } from "../auth/permissions";
import type { Db, Tx } from "../members/types";

/**
 * Whether an invitation's inviter could still make it: an active owner or admin of its team, and
 * an owner for an invitation to be one. Checked when it is opened and accepted, as admin reset links
 * are (password-reset/admin-reset.ts): it was checked when made, but an admin about to be removed
 * could invite their own private address as an admin and come back through it for a week after.
 * An invitation made by no one (the operator's tools) has nobody to lose authority; accounts are
 * never deleted, so a set inviter is always there to check.
 */
export async function inviterStillVouches(db: Db | Tx, invitation: { teamId: string; role: string; invitedByUserId: string | null }): Promise<boolean> {
  if (invitation.invitedByUserId === null) return true;
  const inviter = await db.membership.findFirst({
    where: { teamId: invitation.teamId, userId: invitation.invitedByUserId, status: "ACTIVE" },
    select: { role: true },
  });
  if (!inviter || !can(inviter.role, "invitations.manage")) return false;
  return invitation.role !== "OWNER" || can(inviter.role, "members.grant_owner");
}
