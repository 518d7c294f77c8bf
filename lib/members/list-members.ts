import type { Prisma } from "../db/generated/client";
import type { MembershipStatus, Role } from "../db/generated/enums";
import { memberInclude, type Db } from "./types";

export type MemberListQuery = {
  teamId: string;
  search?: string;
  status?: MembershipStatus;
  role?: Role;
  page?: number;
  pageSize?: number;
};

/** One page of a team's members for the Manage Team page, with counts per status. */
export async function listMembers(db: Db, q: MemberListQuery) {
  const pageSize = Math.min(Math.max(q.pageSize ?? 50, 1), 200);
  const page = Math.max(q.page ?? 1, 1);
  const search = q.search?.trim();
  const where: Prisma.MembershipWhereInput = {
    teamId: q.teamId,
    ...(q.status && { status: q.status }),
    ...(q.role && { role: q.role }),
    ...(search && {
      OR: [
        { userNameNormalized: { contains: search.toLowerCase() } },
        { displayName: { contains: search, mode: "insensitive" } },
        { user: { emailNormalized: { contains: search.toLowerCase() } } },
        { user: { name: { contains: search, mode: "insensitive" } } },
        { user: { givenName: { contains: search, mode: "insensitive" } } },
        { user: { familyName: { contains: search, mode: "insensitive" } } },
      ],
    }),
  };
  const [members, total, byStatus] = await Promise.all([
    db.membership.findMany({
      where,
      include: memberInclude,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.membership.count({ where }),
    db.membership.groupBy({ by: ["status"], where: { teamId: q.teamId }, _count: { _all: true } }),
  ]);
  const counts = { ACTIVE: 0, DEACTIVATED: 0 } as Record<MembershipStatus, number>;
  for (const row of byStatus) counts[row.status] = row._count._all;
  return { members, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), counts };
}

export type MemberListPage = Awaited<ReturnType<typeof listMembers>>;
