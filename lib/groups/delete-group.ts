import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { MemberNotFoundError, VersionMismatchError } from "../members/errors";
import { lockTeam } from "../members/lock-team";
import { touchMembers } from "../members/touch-members";
import type { Db } from "../members/types";
import { recomputeGroupRoles } from "./recompute-roles";

/** Deletes a group (SCIM DELETE). Its members stay; roles the group granted are re-derived. */
export async function deleteGroup(
  db: Db,
  target: { teamId: string; groupId: string },
  actor: Actor,
  options: { expectedVersion?: number } = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockTeam(tx, target.teamId, actor);
    const group = await tx.group.findFirst({ where: { id: target.groupId, teamId: target.teamId }, include: { members: { select: { membershipId: true } } } });
    if (!group) throw new MemberNotFoundError("Group");
    if (options.expectedVersion !== undefined && options.expectedVersion !== group.version) throw new VersionMismatchError();
    await tx.group.delete({ where: { id: group.id } });
    await touchMembers(tx, group.members.map((m) => m.membershipId));
    await recordAudit(tx, { teamId: target.teamId, actor, action: "group.deleted", target: { type: "group", id: group.id, label: group.displayName } });
    if (group.mappedRole) await recomputeGroupRoles(tx, target.teamId, group.members.map((m) => m.membershipId), actor);
  });
}
