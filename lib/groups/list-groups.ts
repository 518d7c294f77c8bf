import type { Db } from "../members/types";

/**
 * One page of a team's groups (pushed by the IdP over SCIM) with their member counts, by name.
 * Fetches one row more than the page to know whether another page follows, without counting all.
 */
export async function listGroups(db: Db, { teamId, page = 1, pageSize = 50 }: { teamId: string; page?: number; pageSize?: number }) {
  const size = Math.min(Math.max(pageSize, 1), 200);
  const current = Math.max(page, 1);
  const rows = await db.group.findMany({
    where: { teamId },
    select: { id: true, displayName: true, externalId: true, mappedRole: true, updatedAt: true, _count: { select: { members: true } } },
    orderBy: [{ displayNameNormalized: "asc" }, { id: "asc" }],
    skip: (current - 1) * size,
    take: size + 1,
  });
  const groups = rows.slice(0, size).map(({ _count, ...g }) => ({ ...g, memberCount: _count.members }));
  return { groups, page: current, hasNext: rows.length > size };
}

export type GroupListItem = Awaited<ReturnType<typeof listGroups>>["groups"][number];

/** One group of a team, or null: what the mapping action reads to apply the owner-only rule. */
export function getGroup(db: Db, teamId: string, groupId: string) {
  return db.group.findFirst({ where: { id: groupId, teamId }, select: { id: true, displayName: true, mappedRole: true } });
}
