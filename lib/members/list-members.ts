import { Prisma } from "../db/generated/client";
import type { MembershipStatus, Role } from "../db/generated/enums";
import { memberInclude, type Db } from "./types";

// Read side of the Manage Team page. Writes go through add-member / update-member / remove-member.

export type MemberListQuery = {
  teamId: string;
  search?: string;
  status?: MembershipStatus;
  role?: Role;
  page?: number;
  pageSize?: number;
};

/** One page of a team's members for the Manage Team page, with counts per status and active owners. */
export async function listMembers(db: Db, q: MemberListQuery) {
  const pageSize = Math.min(Math.max(q.pageSize ?? 50, 1), 200);
  const page = Math.max(q.page ?? 1, 1);
  const skip = (page - 1) * pageSize;
  const search = q.search?.trim();

  // One pass over the team gives both the counts per status and the active owners (for the
  // last-owner hint); there is no index on role, so a separate owner count would be a second pass.
  const groups = await db.membership.groupBy({ by: ["status", "role"], where: { teamId: q.teamId }, _count: { _all: true } });
  const counts = { ACTIVE: 0, DEACTIVATED: 0 } as Record<MembershipStatus, number>;
  let activeOwners = 0;
  for (const g of groups) {
    counts[g.status] += g._count._all;
    if (g.status === "ACTIVE" && g.role === "OWNER") activeOwners = g._count._all;
  }

  let members: MemberRow[];
  let total: number;
  if (search) {
    ({ members, total } = await searchPage(db, { ...q, search }, skip, pageSize));
  } else {
    const where: Prisma.MembershipWhereInput = {
      teamId: q.teamId,
      ...(q.status && { status: q.status }),
      ...(q.role && { role: q.role }),
    };
    // The per-status counts already hold the total unless a role filter narrows it.
    const known = q.role ? undefined : q.status ? counts[q.status] : counts.ACTIVE + counts.DEACTIVATED;
    [members, total] = await Promise.all([findMembers(db, where, skip, pageSize), known ?? db.membership.count({ where })]);
  }
  return { members, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), counts, activeOwners };
}

type MemberRow = Awaited<ReturnType<typeof findMembers>>[number];

const ORDER = [{ createdAt: "asc" }, { id: "asc" }] satisfies Prisma.MembershipOrderByWithRelationInput[];

/**
 * Ids first (an index-only read past the skipped rows), then the page with its user: relation
 * loading then never runs over rows that OFFSET skips, which kept deep pages slow.
 */
async function findMembers(db: Db, where: Prisma.MembershipWhereInput, skip: number, take: number) {
  const ids = skip > 0 ? (await db.membership.findMany({ where, select: { id: true }, orderBy: ORDER, skip, take })).map((r) => r.id) : null;
  return db.membership.findMany({ where: ids ? { id: { in: ids } } : where, include: memberInclude, orderBy: ORDER, take });
}

/** LIKE treats % and _ as wildcards; a search for "a_b" means those characters literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// How each table is matched. The Membership columns are stored lower-cased, so plain LIKE is cheap
// on them; only the names need lower(). Written exactly as the pg_trgm GIN indexes of migration
// member_search_trigram, so PostgreSQL answers `LIKE '%…%'` from them.
const membershipMatches = (pattern: string) =>
  Prisma.sql`(m."userNameNormalized" LIKE ${pattern} OR m."emailNormalized" LIKE ${pattern} OR lower(m."displayName") LIKE ${pattern})`;
const nameMatches = (pattern: string) =>
  Prisma.sql`lower(coalesce(m."nameFormatted", '') || ' ' || coalesce(m."givenName", '') || ' ' || coalesce(m."familyName", '')) LIKE ${pattern}`;

/**
 * Search by userName, email or name (all the team's own view, on Membership), case-insensitively.
 * The identifiers and the names are matched in two branches of a UNION rather than one OR, so each
 * branch can use its own index; count(*) OVER () returns the total with the page (one pass).
 */
async function searchPage(db: Db, q: MemberListQuery & { search: string }, skip: number, take: number) {
  const pattern = `%${likeEscape(q.search.toLowerCase())}%`;
  const filters = [Prisma.sql`TRUE`];
  if (q.status) filters.push(Prisma.sql`h.status = ${q.status}::"MembershipStatus"`);
  if (q.role) filters.push(Prisma.sql`h.role = ${q.role}::"Role"`);
  // Each branch carries what the outer query filters and sorts on, so hits are not joined back.
  const rows = await db.$queryRaw<{ id: string; total: bigint }[]>`
    WITH hits AS (
      SELECT m.id, m."createdAt", m.status, m.role FROM "Membership" m
      WHERE m."teamId" = ${q.teamId} AND ${membershipMatches(pattern)}
      UNION
      SELECT m.id, m."createdAt", m.status, m.role FROM "Membership" m
      WHERE m."teamId" = ${q.teamId} AND ${nameMatches(pattern)}
    )
    SELECT h.id, count(*) OVER () AS total FROM hits h
    WHERE ${Prisma.join(filters, " AND ")}
    ORDER BY h."createdAt", h.id OFFSET ${skip} LIMIT ${take}`;
  // A page past the end has no row to carry the total; the pager then offers the way back.
  const total = rows.length > 0 ? Number(rows[0].total) : skip;
  const found = await findMembers(db, { id: { in: rows.map((r) => r.id) } }, 0, rows.length);
  const byId = new Map(found.map((m) => [m.id, m]));
  return { members: rows.flatMap((r) => byId.get(r.id) ?? []), total };
}

/** One member of a team, or null: what a UI action reads before deciding whether it may act. */
export function getMember(db: Db, teamId: string, membershipId: string) {
  return db.membership.findFirst({ where: { id: membershipId, teamId }, include: memberInclude });
}

export type MemberListPage = Awaited<ReturnType<typeof listMembers>>;
export type MemberListItem = MemberListPage["members"][number];
