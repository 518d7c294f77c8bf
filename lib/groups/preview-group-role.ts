import type { Actor } from "../audit/actor";
import type { Role } from "../db/generated/enums";
import { MemberNotFoundError } from "../members/errors";
import type { Db } from "../members/types";
import { refusedOwnerChanges, roleChangesForMapping } from "./role-change-preview";

/**
 * What mapping a group to `role` would do, before it is saved: how many of its members' roles would
 * change, from what to what, and which of those changes `actor` may not make (saving would be
 * refused). Reads only; the counting is roleChangesForMapping's.
 */
export async function previewGroupRole(db: Db, target: { teamId: string; groupId: string; role: Role | null }, actor: Actor) {
  const group = await db.group.findFirst({
    where: { id: target.groupId, teamId: target.teamId },
    select: {
      mappedRole: true,
      team: { select: { defaultRole: true } },
      members: {
        select: {
          membership: {
            select: { role: true, roleSource: true, groups: { where: { groupId: { not: target.groupId } }, select: { group: { select: { mappedRole: true } } } } },
          },
        },
      },
    },
  });
  if (!group) throw new MemberNotFoundError("Group");
  const members = group.members.map(({ membership: m }) => ({
    role: m.role,
    roleSource: m.roleSource,
    otherMappedRoles: m.groups.map((g) => g.group.mappedRole).filter((r): r is Role => r !== null),
  }));
  const changes = roleChangesForMapping(members, target.role, group.team.defaultRole);
  return {
    changes,
    total: changes.reduce((n, c) => n + c.count, 0),
    unchanged: group.mappedRole === target.role,
    mappedRole: group.mappedRole,
    refused: refusedOwnerChanges(changes, actor),
  };
}
