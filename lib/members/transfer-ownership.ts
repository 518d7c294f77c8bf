import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { InvalidMemberInputError, MemberNotFoundError, OwnerAuthorityError } from "./errors";
import { lockTeam } from "./lock-team";
import { normalizeEmail } from "./normalize";
import type { Db } from "./types";
import { updateMemberInTx } from "./update-member";

/**
 * An owner hands the Owner role to another active member in one step: the new owner is promoted
 * and the previous one becomes an admin, in one transaction under the team lock, so the team is
 * never without an owner nor briefly with an extra one. Refused for anyone but an active owner,
 * for a target that is not an active member of the team (deactivated, invited, elsewhere), for
 * oneself, and, like any UI role change, where the IdP decides either role.
 */
export async function transferOwnership(db: Db, input: { teamId: string; fromMembershipId: string; toMembershipId: string }, actor: Actor): Promise<void> {
  if (input.fromMembershipId === input.toMembershipId) throw new InvalidMemberInputError("Choose another member to hand the Owner role to.");
  await db.$transaction(async (tx) => {
    await lockTeam(tx, input.teamId, actor);
    const [from, to] = await Promise.all([
      tx.membership.findFirst({ where: { id: input.fromMembershipId, teamId: input.teamId } }),
      tx.membership.findFirst({ where: { id: input.toMembershipId, teamId: input.teamId } }),
    ]);
    if (!from || from.role !== "OWNER" || from.status !== "ACTIVE") throw new OwnerAuthorityError(false);
    if (!to) throw new MemberNotFoundError();
    if (to.status !== "ACTIVE") throw new InvalidMemberInputError(`${to.email} is deactivated: only an active member can become the owner.`);
    if (to.role === "OWNER") throw new InvalidMemberInputError(`${to.email} is already an owner.`);
    const authority: Actor = actor.type === "user" ? { ...actor, mayManageOwners: true } : actor;
    await updateMemberInTx(tx, { teamId: input.teamId, membershipId: to.id }, { role: "OWNER" }, authority, {});
    await updateMemberInTx(tx, { teamId: input.teamId, membershipId: from.id }, { role: "ADMIN" }, authority, {});
    await recordAudit(tx, {
      teamId: input.teamId,
      actor,
      action: "member.ownership_transferred",
      target: { type: "member", id: to.id, label: to.email },
      details: { from: from.email, to: to.email },
    });
  });
}

/** The settings page names the new owner by email: the member of this team with that address. */
export async function transferOwnershipToEmail(db: Db, input: { teamId: string; fromMembershipId: string; toEmail: string }, actor: Actor): Promise<{ email: string }> {
  const to = await db.membership.findFirst({ where: { teamId: input.teamId, emailNormalized: normalizeEmail(input.toEmail) }, select: { id: true, email: true } });
  if (!to) throw new InvalidMemberInputError(`No member of this team has the address ${input.toEmail.trim()}.`);
  await transferOwnership(db, { teamId: input.teamId, fromMembershipId: input.fromMembershipId, toMembershipId: to.id }, actor);
  return { email: to.email };
}
