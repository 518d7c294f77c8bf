// The lookups Okta and Entra ID send before every create and on each sync cycle, in one statement
// without Prisma's model layer, which cost half of a lookup's CPU (bench/scim-in-process.ts):
//   - by userName, GET /Users?filter=userName eq "…": unique in a team, at most one row;
//   - by address, `emails[type eq "work"].value eq "…"` (Entra ID matching on mail), `emails eq`,
//     `emails.value eq`, `email eq` (Okta's "email" identifier): any number of rows, read up to
//     one more than the page holds; a page that overflows is read by the general listing instead.
//
// A lookup by userName is usually not a statement of its own: with-scim-auth runs it inside the
// token's statement (userLookupAlongside), one round trip per lookup rather than two. A lookup by
// address is not: it is planned each time (below), and in the token's statement a request with any
// bearer secret at all, valid or not, would have PostgreSQL plan it.
import type { Db } from "../members/types";
import { Prisma } from "../db/generated/client";
import { queryPlannedEachTime, queryPrepared } from "../db/statement-names";
import { parseFilter, type Filter } from "../scim/filter";
import { assertQueryLimits } from "../scim/limits";
import { parsePage, type Page } from "../scim/list";
import { addressLookup, userNameLookup, type AddressMatch, type EmailElement } from "../scim/user-filter-to-where";
import { listedMembers, MEMBER_JSON, type JsonMember, type ListedMember } from "./member-json";
import type { Alongside } from "./with-scim-auth";

type MembersJson = JsonMember[] | string | null;

/** The members of team `teamId` (an SQL expression) with this userName, as one JSON array (empty when none). */
const membersByUserNameSql = (teamId: Prisma.Sql, userNameNormalized: string) => Prisma.sql`(
    SELECT COALESCE(json_agg(${MEMBER_JSON}), '[]'::json)
      FROM "Membership" m
     WHERE m."teamId" = ${teamId} AND m."userNameNormalized" = ${userNameNormalized})`;

export function membersByUserName(db: Db, teamId: string, userNameNormalized: string): Promise<ListedMember[]> {
  return readLookup(db, teamId, { kind: "userName", userName: userNameNormalized });
}

// An address match has at most 6 list elements (3 spellings of a type, 2 of an address) and 3
// for the primary address; the statement has that many arms, those not asked for NULL (which the
// WHERE's OR treats as false), so that it is one text whatever the address.
//
// Unlike the lookup by userName, it is not prepared: PostgreSQL plans it with the address in hand
// each time. Prepared, it ran five times on plans read from the emails index, then PostgreSQL
// settled on a generic plan, which cannot know how few members an address matches (nor how large
// the team is), and walked the whole team in creation order instead (EXPLAIN ANALYZE, 10k members:
// 1.0 ms, then 36.7 ms a lookup). Planning it costs about 0.4–1.5 ms of the database's time.
const LIST_ARMS = 6;
const PRIMARY_ARMS = 3;
// Written as the index of migration membership_emails_index is, so each arm is read from it.
const EMAILS = Prisma.raw(`(m."profileLists" #> '{emails}'::text[])`);
const arms = (elements: EmailElement[], n: number) =>
  Prisma.join(Array.from({ length: n }, (_, i) => Prisma.sql`${EMAILS} @> ${elements[i] === undefined ? null : JSON.stringify([elements[i]])}::jsonb`), " OR ");

/**
 * The members of team `teamId` (an SQL expression) an address lookup finds, in the listing's
 * order, at most `limit`, as one JSON array: the conditions sameEmailCondition (user-filter-to-
 * where.ts) builds from the same match, as containment (@>) of the emails list.
 */
const membersByAddressSql = (teamId: Prisma.Sql, match: AddressMatch, limit: number) => Prisma.sql`(
    SELECT COALESCE(json_agg(${MEMBER_JSON} ORDER BY m."createdAt", m.id), '[]'::json)
      FROM (SELECT * FROM "Membership" m
             WHERE m."teamId" = ${teamId}
               AND (${arms(match.lists, LIST_ARMS)}
                    OR (m."emailNormalized" = ${match.primary?.emailNormalized ?? null}
                        AND (${match.primary?.lists === null}::boolean OR ${arms(match.primary?.lists ?? [], PRIMARY_ARMS)})))
             ORDER BY m."createdAt", m.id
             LIMIT ${limit}) m)`;

/** A lookup the Users list serves with a statement of its own (a first page, at least one row long). */
export type Lookup = { kind: "userName"; userName: string } | { kind: "address"; match: AddressMatch; limit: number };

/** The lookup a list asks for — by userName or by address, on its first page — or null. */
export function lookupOf(filter: Filter | undefined, page: Page): Lookup | null {
  if (page.take === 0 || page.skip !== 0) return null;
  const userName = userNameLookup(filter);
  if (userName !== null) return { kind: "userName", userName };
  const match = addressLookup(filter);
  if (!match || match.lists.length > LIST_ARMS || (match.primary?.lists?.length ?? 0) > PRIMARY_ARMS) return null;
  return { kind: "address", match, limit: page.take + 1 };
}

const keyOf = (lookup: Lookup) => JSON.stringify(lookup);

/** A lookup's members, read in a statement of its own: prepared by userName, planned each time by address (above). */
async function readLookup(db: Db, teamId: string, lookup: Lookup): Promise<ListedMember[]> {
  const id = Prisma.sql`${teamId}`;
  const statement = Prisma.sql`SELECT ${lookup.kind === "userName" ? membersByUserNameSql(id, lookup.userName) : membersByAddressSql(id, lookup.match, lookup.limit)} AS members`;
  const rows = await (lookup.kind === "address" ? queryPlannedEachTime : queryPrepared)<{ members: MembersJson }[]>(db, statement);
  return listedMembers(rows[0]?.members ?? null);
}

/**
 * A lookup by userName, to be run in the token's statement. Decided before the token is known, so
 * on input that the limits or the parser refuse it is simply not run: the handler refuses that
 * input itself, after the token, as for any other request.
 */
export function userLookupAlongside(url: URL): Alongside | null {
  const params = url.searchParams;
  const filter = params.get("filter");
  if (!filter) return null;
  let lookup: Lookup | null;
  try {
    assertQueryLimits(params);
    lookup = lookupOf(parseFilter(filter), parsePage(params));
  } catch {
    return null;
  }
  return lookup?.kind === "userName" ? { key: keyOf(lookup), sql: (teamId) => membersByUserNameSql(teamId, lookup.userName) } : null;
}

/**
 * The members a lookup finds: from the token's statement when it read them there (an array, empty
 * when none; null when it did not read), else read now. Null when an address lookup found more
 * than its page holds: the general listing answers that page, with its total and next cursor.
 */
export async function lookUpMembers(db: Db, teamId: string, lookup: Lookup, alongside: { key: string; value: unknown } | null): Promise<ListedMember[] | null> {
  const members =
    alongside && alongside.key === keyOf(lookup) && alongside.value != null ? listedMembers(alongside.value as MembersJson) : await readLookup(db, teamId, lookup);
  return lookup.kind === "address" && members.length >= lookup.limit ? null : members;
}
