// A SCIM User's row as one JSON value, for the raw statements on Okta's hot paths (the import's
// next page, the lookup by userName). One JSON value per member rather than ~30 columns: on the
// embedded database, decoding result fields in JavaScript cost more than running the query (CPU
// profile of bench/scim.ts), and Prisma's model queries cost half a lookup's CPU (bench/scim-in-process.ts).
import { Prisma } from "../db/generated/client";
import { jsonTimestamp } from "../db/json-timestamp";
import { queryPrepared } from "../db/statement-names";
import type { Db } from "../members/types";
import { PROFILE_TEXT_FIELDS } from "../members/profile";
import type { ScimUserSource } from "../scim/user-resource";

/** What renders a SCIM User (ScimUserSource), as the JSON carries it: timestamps are UTC without a zone. */
export type JsonMember = Omit<ScimUserSource, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
  groups: { id: string; displayName: string }[];
};

/** A member as listed: what renders a SCIM User, and its groups. */
export type ListedMember = ScimUserSource & { groups: { group: { id: string; displayName: string } }[] };

/** The groups of the membership `membershipId` (an SQL expression) in group id order, as one JSON array. */
const groupsJson = (membershipId: Prisma.Sql) => Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', g.id, 'displayName', g."displayName") ORDER BY g.id)
                        FROM "GroupMember" gm JOIN "Group" g ON g.id = gm."groupId"
                       WHERE gm."membershipId" = ${membershipId}), '[]'::json)`;

/**
 * The Membership columns a SCIM User is rendered from (toScimUser): every view of a User reads
 * these, the Prisma listing (users.ts) as well as the statements below.
 */
export const SCIM_USER_COLUMNS = [
  "id", "externalId", "userName", "email", "status", "role", "createdAt", "updatedAt", "version", "profileLists",
  ...PROFILE_TEXT_FIELDS,
] as const satisfies readonly (keyof ScimUserSource)[];

// And all of them: a field added to ScimUserSource fails to compile here until it is listed above.
type NoneLeft<T extends never> = T;
type EveryUserFieldListed = NoneLeft<Exclude<keyof ScimUserSource, (typeof SCIM_USER_COLUMNS)[number]>>;

// Constant identifiers, never input: safe to write into the statement's text.
const scimUserColumns = Prisma.raw(SCIM_USER_COLUMNS.map((c) => `m."${c}"`).join(", "));

/** `columns` of the member `m` and its groups, as one JSON object. */
function memberWithGroups(columns: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT row_to_json(r) FROM (SELECT ${columns}, ${groupsJson(Prisma.sql`m.id`)} AS groups) r)`;
}

/**
 * The member `m` (a "Membership" row) with its groups in group id order, as every view of a User
 * lists them: the columns a User is rendered from (SCIM_USER_COLUMNS), not the whole row. The
 * shared User row (another team's business too) is not read.
 *
 * `json`, not `jsonb`: row_to_json writes the row's text once, where `to_jsonb(m) || …` built the
 * row as jsonb, then copied it to add the groups, then wrote it out. An import page of 100 members
 * took 3.5–3.9 ms of the database's time that way and 1.7–2.0 ms as the whole row (pgbench, one
 * connection, 10k members). Leaving out the eight columns no User shows (the normalized copies,
 * ids, sources, deactivation and sign-in times) took a page's JSON from about 1.30 to 1.12 ms of PostgreSQL's time
 * (pgbench, 2,000 pages each, two runs), and makes each member 8 keys shorter to send and parse.
 */
export const MEMBER_JSON = memberWithGroups(scimUserColumns);

/**
 * The whole membership row `m` with its groups, for a write that decides from the member as it is
 * (user-by-id.ts): every column, as member-from-json.ts reads them.
 */
export const MEMBER_ROW_JSON = memberWithGroups(Prisma.raw("m.*"));

/** A member from MEMBER_JSON, or MEMBER_ROW_JSON's whole row (a driver may hand json back as text). */
export function listedMembers(json: JsonMember[] | string | null): ListedMember[] {
  const members = typeof json === "string" ? (JSON.parse(json) as JsonMember[]) : (json ?? []);
  return members.map((m) => ({ ...m, createdAt: jsonTimestamp(m.createdAt), updatedAt: jsonTimestamp(m.updatedAt), groups: m.groups.map((group) => ({ group })) }));
}

/** A member's groups in group id order, as MEMBER_JSON lists them: for the answer to a write. */
export async function memberGroups(db: Db, membershipId: string): Promise<ListedMember["groups"]> {
  const [row] = await queryPrepared<{ groups: JsonMember["groups"] }[]>(db, Prisma.sql`SELECT ${groupsJson(Prisma.sql`${membershipId}`)} AS groups`);
  return row!.groups.map((group) => ({ group }));
}
