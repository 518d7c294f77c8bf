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

/**
 * The settings page names the new owner by email: the member of this team who signs in with that
 * address and proved it (a mailed link, an invitation, their IdP's sign-in), else the one member the
 * address names. The directory's address is the IdP's to set (any SCIM token, an admin's too, may
 * give a member someone else's address), and so is the sign-in address of a member of this team
 * alone, until proved (update-member.ts signInEmailMove): neither outranks anyone, and an address
 * several members have that way is refused.
 */
export async function transferOwnershipToEmail(db: Db, input: { teamId: string; fromMembershipId: string; toEmail: string }, actor: Actor): Promise<{ email: string }> {
  const emailNormalized = normalizeEmail(input.toEmail);
  const select = { id: true, email: true } as const;
  const proved = await db.membership.findFirst({ where: { teamId: input.teamId, user: { emailNormalized, emailVerifiedAt: { not: null } } }, select });
  const candidates = proved ? [proved] : await db.membership.findMany({ where: { teamId: input.teamId, OR: [{ user: { emailNormalized } }, { emailNormalized }] }, select, take: 2 });
  const to = candidates.length === 1 ? candidates[0] : undefined;
  if (!to && candidates.length > 1) {
    throw new InvalidMemberInputError(
      `More than one member of this team has the address ${input.toEmail.trim()}, and none of them has proved it is theirs: have your identity provider correct their addresses first.`,
    );
  }
  if (!to) throw new InvalidMemberInputError(`No member of this team has the address ${input.toEmail.trim()}.`);
  await transferOwnership(db, { teamId: input.teamId, fromMembershipId: input.fromMembershipId, toMembershipId: to.id }, actor);
  return { email: to.email };
}
