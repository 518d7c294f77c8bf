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
 * address, else the one member the team's directory lists with it. The directory's address is the
 * IdP's to set (any SCIM token, an admin's too, may give a member someone else's address), so it
 * never outranks the address's own holder, and an address several members share there is refused.
 */
export async function transferOwnershipToEmail(db: Db, input: { teamId: string; fromMembershipId: string; toEmail: string }, actor: Actor): Promise<{ email: string }> {
  const emailNormalized = normalizeEmail(input.toEmail);
  const candidates = await db.membership.findMany({
    where: { teamId: input.teamId, OR: [{ user: { emailNormalized } }, { emailNormalized }] },
    select: { id: true, email: true, user: { select: { emailNormalized: true } } },
    orderBy: { id: "asc" },
    take: 10,
  });
  const to = candidates.find((c) => c.user.emailNormalized === emailNormalized) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!to && candidates.length > 1) {
    throw new InvalidMemberInputError(
      `More than one member of this team has the address ${input.toEmail.trim()} in the directory, and none of them signs in with it: have your identity provider correct their addresses first.`,
    );
  }
  if (!to) throw new InvalidMemberInputError(`No member of this team has the address ${input.toEmail.trim()}.`);
  await transferOwnership(db, { teamId: input.teamId, fromMembershipId: input.fromMembershipId, toMembershipId: to.id }, actor);
  return { email: to.email };
}
