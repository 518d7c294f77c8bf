// The lookup Okta and Entra ID send before every create and on each sync cycle,
// GET /Users?filter=userName eq "…", in one statement without Prisma's model layer, which cost
// half of a lookup's CPU (bench/scim-in-process.ts). userName is unique in a team: at most one row.
//
// Usually it is not a statement of its own: with-scim-auth runs it inside the token's statement
// (userLookupAlongside), one round trip per lookup rather than two.
import type { Db } from "../members/types";
import { Prisma } from "../db/generated/client";
import { queryPrepared } from "../db/statement-names";
import { parseFilter, type Filter } from "../scim/filter";
import { assertQueryLimits } from "../scim/limits";
import { parsePage, type Page } from "../scim/list";
import { userNameLookup } from "../scim/user-filter-to-where";
import { listedMembers, MEMBER_JSON, type JsonMember, type ListedMember } from "./member-json";
import type { Alongside } from "./with-scim-auth";

type MembersJson = JsonMember[] | string | null;

/** The members of team `teamId` (an SQL expression) with this userName, as one JSON array (empty when none). */
const membersByUserNameSql = (teamId: Prisma.Sql, userNameNormalized: string) => Prisma.sql`(
    SELECT COALESCE(json_agg(${MEMBER_JSON}), '[]'::json)
      FROM "Membership" m
     WHERE m."teamId" = ${teamId} AND m."userNameNormalized" = ${userNameNormalized})`;

export async function membersByUserName(db: Db, teamId: string, userNameNormalized: string): Promise<ListedMember[]> {
  const rows = await queryPrepared<{ members: MembersJson }[]>(db, Prisma.sql`SELECT ${membersByUserNameSql(Prisma.sql`${teamId}`, userNameNormalized)} AS members`);
  return listedMembers(rows[0]?.members ?? null);
}

/** The normalized userName a list looks up — `filter=userName eq "…"` on its first page — or null. */
export function lookedUpUserName(filter: Filter | undefined, page: Page): string | null {
  const userName = userNameLookup(filter);
  return userName !== null && page.take > 0 && page.skip === 0 ? userName : null;
}

/**
 * The lookup, to be run in the token's statement. Decided before the token is known, so on input
 * that the limits or the parser refuse it is simply not run: the handler refuses that input itself,
 * after the token, as for any other request.
 */
export function userLookupAlongside(url: URL): Alongside | null {
  const params = url.searchParams;
  const filter = params.get("filter");
  if (!filter) return null;
  let userName: string | null;
  try {
    assertQueryLimits(params);
    userName = lookedUpUserName(parseFilter(filter), parsePage(params));
  } catch {
    return null;
  }
  return userName === null ? null : { key: userName, sql: (teamId) => membersByUserNameSql(teamId, userName) };
}

/**
 * The members a lookup of `userNameNormalized` finds: from the token's statement when it read them
 * there (an array, empty when none; null when it did not read), else read now.
 */
export async function lookUpMembers(db: Db, teamId: string, userNameNormalized: string, alongside: { key: string; value: unknown } | null): Promise<ListedMember[]> {
  if (alongside && alongside.key === userNameNormalized && alongside.value != null) return listedMembers(alongside.value as MembersJson);
  return membersByUserName(db, teamId, userNameNormalized);
}
