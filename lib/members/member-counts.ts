import { Prisma } from "../db/generated/client";
import type { MembershipStatus, Role } from "../db/generated/enums";
import type { Db } from "./types";

// The members a team has per role and status, as the database keeps them (migration
// team_member_counts: triggers on every membership write). A few rows, where counting the members
// reads every one of the team: what Manage Team's counts and SCIM's unfiltered totalResults read.

/** A team's members per status (a role's only, when given). */
export async function keptCountsByStatus(db: Db, teamId: string, role?: Role): Promise<Record<MembershipStatus, number>> {
  const rows = await db.$queryRaw<{ status: MembershipStatus; n: bigint }[]>`
    SELECT status::text AS status, sum(members) AS n FROM "TeamMemberCount"
     WHERE "teamId" = ${teamId} ${role ? Prisma.sql`AND role = ${role}::"Role"` : Prisma.empty} GROUP BY status`;
  return statusCounts(rows.map((r) => [r.status, r.n]));
}

/** Counts per status from (status, count) pairs, a status missing from them being 0. */
export function statusCounts(pairs: Iterable<[string, bigint | number]>): Record<MembershipStatus, number> {
  const counts: Record<MembershipStatus, number> = { ACTIVE: 0, DEACTIVATED: 0 };
  for (const [status, n] of pairs) counts[status as MembershipStatus] = Number(n);
  return counts;
}

/** Every member of a team, deactivated ones included. */
export async function countTeamMembers(db: Db, teamId: string): Promise<number> {
  const counts = await keptCountsByStatus(db, teamId);
  return counts.ACTIVE + counts.DEACTIVATED;
}
