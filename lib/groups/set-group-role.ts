import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { MemberNotFoundError } from "../members/errors";
import { lockTeam } from "../members/lock-team";
import type { Db } from "../members/types";
import { recomputeGroupRoles } from "./recompute-roles";

/** Maps a group to a team role (null: no mapping) and re-derives its members' roles. */
export async function setGroupRole(db: Db, target: { teamId: string; groupId: string; role: Role | null }, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockTeam(tx, target.teamId, actor);
    const group = await tx.group.findFirst({ where: { id: target.groupId, teamId: target.teamId }, include: { members: { select: { membershipId: true } } } });
    if (!group) throw new MemberNotFoundError("Group");
    if (group.mappedRole === target.role) return;
    await tx.group.update({ where: { id: group.id }, data: { mappedRole: target.role } });
    await recordAudit(tx, {
      teamId: target.teamId,
      actor,
      action: "group.updated",
      target: { type: "group", id: group.id, label: group.displayName },
      details: { mappedRole: { from: group.mappedRole, to: target.role } },
    });
    await recomputeGroupRoles(tx, target.teamId, group.members.map((m) => m.membershipId), actor);
  });
}
