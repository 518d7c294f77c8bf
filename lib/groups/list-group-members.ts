import type { Db } from "../members/types";
import { memberInclude } from "../members/types";

/** One page of a group's members (the team's own members only), by email, with the group itself. */
export async function listGroupMembers(db: Db, { teamId, groupId, page = 1, pageSize = 50 }: { teamId: string; groupId: string; page?: number; pageSize?: number }) {
  const group = await db.group.findFirst({ where: { id: groupId, teamId }, select: { id: true, displayName: true, externalId: true, mappedRole: true, _count: { select: { members: true } } } });
  if (!group) return null;
  const size = Math.min(Math.max(pageSize, 1), 200);
  const pageCount = Math.max(1, Math.ceil(group._count.members / size));
  const current = Math.min(Math.max(page, 1), pageCount);
  const rows = await db.groupMember.findMany({
    where: { groupId: group.id, membership: { teamId } },
    select: { membership: { include: memberInclude } },
    orderBy: [{ membership: { emailNormalized: "asc" } }, { membershipId: "asc" }],
    skip: (current - 1) * size,
    take: size,
  });
  return { group, members: rows.map((r) => r.membership), total: group._count.members, page: current, pageCount };
}
