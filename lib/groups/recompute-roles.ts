import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { LastOwnerError } from "../members/errors";
import { updateMembersInTx, type MemberChanges } from "../members/update-member";
import type { Tx } from "../members/types";
import { roleFromGroups } from "./role-precedence";

/**
 * Re-derives the role of the given members from their role-mapped groups (see role-precedence.ts),
 * inside the caller's transaction, which holds the team lock. A change that would demote the
 * team's last active owner is skipped: the invariant outranks the mapping, and the owner stays
 * until another exists.
 */
export async function recomputeGroupRoles(tx: Tx, teamId: string, membershipIds: string[], actor: Actor): Promise<void> {
  if (membershipIds.length === 0) return;
  const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { defaultRole: true } });
  const members = await tx.membership.findMany({
    where: { teamId, id: { in: [...new Set(membershipIds)] } },
    select: { id: true, role: true, roleSource: true, groups: { select: { group: { select: { mappedRole: true } } } } },
  });
  const decisions = new Map<string, MemberChanges>();
  for (const m of members) {
    const mapped = m.groups.map((g) => g.group.mappedRole).filter((r): r is Role => r !== null);
    const decision = roleFromGroups(m, mapped, team.defaultRole);
    if (decision) decisions.set(m.id, decision);
  }
  // All at once: a pushed group is thousands of people (updateMembersInTx).
  await updateMembersInTx(tx, teamId, decisions, actor, { fromGroupMapping: true }, (e) => e instanceof LastOwnerError);
}
