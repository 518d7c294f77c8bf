import { Prisma } from "../db/generated/client";
import type { MembershipStatus, Role } from "../db/generated/enums";
import { countActiveOwners } from "./lock-team";
import { keptCountsByStatus, statusCounts } from "./member-counts";
import { DEFAULT_DIRECTION, type MemberSort, type SortDirection } from "./member-sort";
import { memberInclude, type Db } from "./types";

// Read side of the Manage Team page. Writes go through add-member / update-member / remove-member.

export type MemberFilter = {
  teamId: string;
  search?: string;
  status?: MembershipStatus;
  role?: Role;
};

export type MemberListQuery = MemberFilter & {
  sort?: MemberSort;
  dir?: SortDirection;
  page?: number;
  pageSize?: number;
};

/**
 * One page of a team's members for the Manage Team page. The counts per status follow the search
 * and the role filter (they are the numbers on the status tabs); `activeOwners` is team-wide, for
 * the last-owner hint. `page` past the end is clamped to the last page.
 */
export async function listMembers(db: Db, q: MemberListQuery) {
  const pageSize = Math.min(Math.max(q.pageSize ?? 50, 1), 200);
  const sort = q.sort ?? "created";
  const dir = q.dir ?? DEFAULT_DIRECTION[sort];
  const filter = { ...q, search: q.search?.trim() || undefined };

  const requested = Math.max(q.page ?? 1, 1);
  const idsIn = (order: SortDirection, offset: number, limit: number) => db.$queryRaw<{ id: string }[]>`
    ${filteredIds(filter, sort, order)} OFFSET ${offset} LIMIT ${limit}`;
  // OFFSET reads and drops every row before the page: the last of 100k members' 2,000 pages cost
  // twice the first (bench:members). A page past the middle is read from the far end instead, in
  // the opposite order (every order ends in id, so it is the exact reverse), and turned around.
  // Its offset comes from the count, read in another statement: a change between the two shifts
  // the page by as many rows, as it shifts a forward page read after it.
  const pageIds = async (page: number, total = Infinity) => {
    const skip = (page - 1) * pageSize;
    if (skip <= total / 2) return idsIn(dir, skip, pageSize);
    return (await idsIn(dir === "desc" ? "asc" : "desc", Math.max(total - skip - pageSize, 0), Math.min(pageSize, total - skip))).reverse();
  };
  // Page 1 is never clamped, so it is read with the counts rather than after them. A search's is
  // read in the same statement as its counts (searchFirstPage): each reads every match. Otherwise
  // side by side, on two connections on PostgreSQL. A later page waits for the count to clamp it.
  const countsAndFirstPage = filter.search && requested === 1
    ? searchFirstPage(db, filter, sort, dir, pageSize)
    : Promise.all([countByStatus(db, filter), requested === 1 ? pageIds(1) : null]).then(([counts, firstPage]) => ({ counts, firstPage }));
  const [{ counts, firstPage }, activeOwners] = await Promise.all([
    countsAndFirstPage,
    countActiveOwners(db, q.teamId),
  ]);
  const total = filter.status ? counts[filter.status] : counts.ACTIVE + counts.DEACTIVATED;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(requested, pageCount);

  const rows = firstPage ?? (await pageIds(page, total));
  const found = rows.length ? await db.membership.findMany({ where: { id: { in: rows.map((r) => r.id) } }, include: memberInclude }) : [];
  const byId = new Map(found.map((m) => [m.id, m]));
  const members = rows.flatMap((r) => byId.get(r.id) ?? []);
  return { members, total, page, pageSize, pageCount, counts, activeOwners, sort, dir };
}

/**
 * Members per status among those the search and role filter select (the status filter aside):
 * without a search, the counts the database keeps (member-counts.ts).
 */
async function countByStatus(db: Db, f: MemberFilter): Promise<Record<MembershipStatus, number>> {
  if (!f.search) return keptCountsByStatus(db, f.teamId, f.role);
  const rows = await db.$queryRaw<{ status: MembershipStatus; n: bigint }[]>`
    SELECT m.status::text AS status, count(*) AS n ${fromFiltered({ ...f, status: undefined })} GROUP BY m.status`;
  return statusCounts(rows.map((r) => [r.status, r.n]));
}

/**
 * A search's counts per status and its first page, from one reading of the matches. Both read
 * every match, and read apart they read them twice: on the embedded database, which runs one
 * statement at a time, a common name at 100k members took 130–140 ms that way (bench:members).
 * The counts come in every row, so an empty page still brings them.
 */
async function searchFirstPage(db: Db, f: MemberFilter, sort: MemberSort, dir: SortDirection, pageSize: number) {
  const keys = ORDER_KEYS[sort].map((k, i) => ({ sql: k.sql, name: Prisma.raw(`k${i}`) }));
  const order = (qualifier: string) => orderBy([...keys.map((k) => k.name), Prisma.raw("id")].map((name) => Prisma.sql`${Prisma.raw(qualifier)}${name}`), dir);
  const rows = await db.$queryRaw<{ counts: Record<string, number> | null; id: string | null }[]>`
    WITH matches AS MATERIALIZED (
      SELECT m.id, m.status, ${Prisma.join(keys.map((k) => Prisma.sql`${k.sql} AS ${k.name}`), ", ")} ${fromFiltered({ ...f, status: undefined })}
    )
    SELECT c.counts, p.id
      FROM (SELECT json_object_agg(status, n) AS counts FROM (SELECT status::text AS status, count(*) AS n FROM matches GROUP BY status) s) c
      LEFT JOIN LATERAL (
        SELECT * FROM matches ${f.status ? Prisma.sql`WHERE status = ${f.status}::"MembershipStatus"` : Prisma.empty}
         ORDER BY ${order("")} LIMIT ${pageSize}
      ) p ON true
     ORDER BY ${order("p.")}`;
  const counts = statusCounts(Object.entries(rows[0]?.counts ?? {}));
  return { counts, firstPage: rows.flatMap((r) => (r.id === null ? [] : [{ id: r.id }])) };
}

/**
 * The name the table shows, as far as the team's own profile holds it (displayName, the formatted
 * name, given + family name), else the email. Written exactly as the expression index of
 * migration member_sort_indexes, so PostgreSQL sorts from it. (The account's own name, the
 * table's last fallback, lives on another table and cannot share the index.)
 */
const NAME_KEY = Prisma.sql`lower(coalesce(m."displayName", m."nameFormatted", nullif(btrim(coalesce(m."givenName", '') || ' ' || coalesce(m."familyName", '')), ''), m."emailNormalized"))`;
/** "Never signed in" sorts as the oldest sign-in; the same expression as its index. */
const LAST_SIGN_IN_KEY = Prisma.sql`coalesce(m."lastLoginAt", '-infinity'::timestamp)`;

// Every order ends in id, so pages never overlap or skip when keys tie; each has an index that
// starts with teamId and ends the same way (forwards for asc, backwards for desc). `type` casts a
// key's text form back, for the keyset cursor of the CSV export.
type OrderKey = { sql: Prisma.Sql; type: Prisma.Sql };
const text = Prisma.sql`text`;
const timestamp = Prisma.sql`timestamp`;
const ORDER_KEYS: Record<MemberSort, OrderKey[]> = {
  created: [{ sql: Prisma.sql`m."createdAt"`, type: timestamp }],
  name: [{ sql: NAME_KEY, type: text }],
  email: [{ sql: Prisma.sql`m."emailNormalized"`, type: text }],
  // Enum order: Owner, Admin, Member; Active, then Deactivated. Within one, oldest member first.
  role: [{ sql: Prisma.sql`m.role`, type: Prisma.sql`"Role"` }, { sql: Prisma.sql`m."createdAt"`, type: timestamp }],
  status: [{ sql: Prisma.sql`m.status`, type: Prisma.sql`"MembershipStatus"` }, { sql: Prisma.sql`m."createdAt"`, type: timestamp }],
  lastSignIn: [{ sql: LAST_SIGN_IN_KEY, type: timestamp }],
};

const direction = (dir: SortDirection) => (dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`);
/** `ORDER BY`'s list: each key in the one direction. */
const orderBy = (keys: Prisma.Sql[], dir: SortDirection) => Prisma.join(keys.map((k) => Prisma.sql`${k} ${direction(dir)}`), ", ");

/**
 * `SELECT m.id FROM … ORDER BY …` for the members a filter selects, in the given order; the page
 * query adds OFFSET/LIMIT.
 */
function filteredIds(f: MemberFilter, sort: MemberSort, dir: SortDirection): Prisma.Sql {
  const order = orderBy([...ORDER_KEYS[sort].map((k) => k.sql), Prisma.sql`m.id`], dir);
  return Prisma.sql`SELECT m.id ${fromFiltered(f)} ORDER BY ${order}`;
}

export type MemberCursor = { keys: string[]; id: string };

/**
 * The next `limit` members after `after` in the given order (keyset paging: each batch is an index
 * range read, however deep), with the cursor for the batch after. What the CSV export streams.
 */
export async function listMembersAfter(db: Db, f: MemberFilter, sort: MemberSort, dir: SortDirection, after: MemberCursor | null, limit: number) {
  const keys = ORDER_KEYS[sort];
  const row = Prisma.join([...keys.map((k) => k.sql), Prisma.sql`m.id`], ", ");
  const where = after
    ? Prisma.sql`AND (${row}) ${dir === "desc" ? Prisma.sql`<` : Prisma.sql`>`} (${Prisma.join([...keys.map((k, i) => Prisma.sql`CAST(${after.keys[i]} AS ${k.type})`), Prisma.sql`${after.id}`], ", ")})`
    : Prisma.empty;
  const order = orderBy([...keys.map((k) => k.sql), Prisma.sql`m.id`], dir);
  const selectKeys = Prisma.join(keys.map((k, i) => Prisma.sql`(${k.sql})::text AS ${Prisma.raw(`k${i}`)}`), ", ");
  const rows = await db.$queryRaw<Record<string, string>[]>`
    SELECT m.id, ${selectKeys} ${fromFiltered(f)} ${where} ORDER BY ${order} LIMIT ${limit}`;
  const found = rows.length ? await db.membership.findMany({ where: { id: { in: rows.map((r) => r.id) } }, include: memberInclude }) : [];
  const byId = new Map(found.map((m) => [m.id, m]));
  const last = rows.at(-1);
  return {
    members: rows.flatMap((r) => byId.get(r.id) ?? []),
    next: last && rows.length === limit ? { keys: keys.map((_, i) => last[`k${i}`]), id: last.id } : null,
  };
}

/** LIKE treats % and _ as wildcards; a search for "a_b" means those characters literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// How each table is matched. The Membership columns are stored lower-cased, so plain LIKE is cheap
// on them; only the names need lower(). Written exactly as the pg_trgm GIN indexes of migration
// member_search_trigram, so PostgreSQL answers `LIKE '%…%'` from them.
/**
 * LIKE patterns for a search: `key` in NFC, as identity keys are kept (normalize.ts); `names` in
 * NFC and in NFD, since names are kept as the IdP sent them (a macOS directory's "e" + U+0301 as
 * readily as "é"), so either form of a name is found whichever form was typed.
 */
type SearchPatterns = { key: string; names: string[] };
const anyOf = (column: Prisma.Sql, patterns: string[]) => Prisma.join(patterns.map((p) => Prisma.sql`${column} LIKE ${p}`), " OR ");
const membershipMatches = (p: SearchPatterns) =>
  Prisma.sql`(m."userNameNormalized" LIKE ${p.key} OR m."emailNormalized" LIKE ${p.key} OR ${anyOf(Prisma.sql`lower(m."displayName")`, p.names)})`;
const nameMatches = (p: SearchPatterns) =>
  Prisma.sql`(${anyOf(Prisma.sql`lower(coalesce(m."nameFormatted", '') || ' ' || coalesce(m."givenName", '') || ' ' || coalesce(m."familyName", ''))`, p.names)})`;

/**
 * `FROM … m WHERE …` for a filter. A search matches userName, email or name (the team's own view,
 * on Membership), case-insensitively; the identifiers and the names are matched in two branches
 * rather than one OR, so each branch can use its own trigram index. The branches' rows are the
 * rows searched (a member both match comes from the first only: `IS NOT TRUE`, as a missing name
 * matches nothing): taking only their ids and joining them back to the table made PostgreSQL read
 * the whole team once more, a hash join over a sequential scan of 100k rows (EXPLAIN ANALYZE:
 * 63–73 ms → 21–29 ms for "smith", 6,250 matches).
 */
function fromFiltered(f: MemberFilter): Prisma.Sql {
  const where = [Prisma.sql`m."teamId" = ${f.teamId}`];
  if (f.status) where.push(Prisma.sql`m.status = ${f.status}::"MembershipStatus"`);
  if (f.role) where.push(Prisma.sql`m.role = ${f.role}::"Role"`);
  const search = f.search?.trim();
  if (!search) return Prisma.sql`FROM "Membership" m WHERE ${Prisma.join(where, " AND ")}`;
  // Lower case; NFC for the keys, NFC and NFD for the names (SearchPatterns).
  const lowered = search.toLowerCase();
  const like = (text: string) => `%${likeEscape(text)}%`;
  const pattern: SearchPatterns = { key: like(lowered.normalize("NFC")), names: [...new Set([like(lowered.normalize("NFC")), like(lowered.normalize("NFD"))])] };
  return Prisma.sql`FROM (
      SELECT m.* FROM "Membership" m WHERE m."teamId" = ${f.teamId} AND ${membershipMatches(pattern)}
      UNION ALL
      SELECT m.* FROM "Membership" m WHERE m."teamId" = ${f.teamId} AND ${nameMatches(pattern)} AND ${membershipMatches(pattern)} IS NOT TRUE
    ) m WHERE ${Prisma.join(where, " AND ")}`;
}

/** One member of a team, or null: what a UI action reads before deciding whether it may act. */
export function getMember(db: Db, teamId: string, membershipId: string) {
  return db.membership.findFirst({ where: { id: membershipId, teamId }, include: memberInclude });
}

export type MemberListPage = Awaited<ReturnType<typeof listMembers>>;
export type MemberListItem = MemberListPage["members"][number];
