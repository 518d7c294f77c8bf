// The member a request to /Users/{id} is about — Okta's GET before an update, its PATCH
// deactivate, a PUT — read in the token's statement (with-scim-auth's `alongside`), as the lookup
// by userName is (user-lookup.ts): a GET is one round trip, and a write decides from this read
// instead of reading the member again (lib/members/update-member-in-one-statement.ts).
import { Prisma } from "../db/generated/client";
import { MemberNotFoundError } from "../members/errors";
import { memberFromJson, personFromJson } from "../members/member-from-json";
import type { Db, MemberWithUser } from "../members/types";
import { isResourceId } from "../scim/limits";
import { listedMembers, MEMBER_JSON, MEMBER_ROW_JSON, memberGroups, type JsonMember, type ListedMember } from "./member-json";
import type { Alongside, ScimContext } from "./with-scim-auth";

type Json = Record<string, unknown>;
type Read = { member: JsonMember & Json; person?: Json };

/**
 * The member `id` of team `teamId` (an SQL expression) with its groups; for a write, the whole
 * membership row and their person's row, which the write's decision reads (less the password hash,
 * which no decision reads; the person is never rendered): a JSON array, empty when the team has no
 * such member.
 */
const memberByIdSql = (teamId: Prisma.Sql, id: string, withPerson: boolean) => Prisma.sql`(
    SELECT COALESCE(json_agg(${withPerson ? Prisma.sql`json_build_object('member', ${MEMBER_ROW_JSON}, 'person', to_jsonb(u) - 'passwordHash')` : Prisma.sql`json_build_object('member', ${MEMBER_JSON})`}), '[]'::json)
      FROM "Membership" m JOIN "User" u ON u.id = m."userId"
     WHERE m.id = ${id} AND m."teamId" = ${teamId})`;

const ID_PATH = /\/Users\/([^/]+)$/;

/** The read, for the methods that use it; decided from the URL and method alone, like the lookup's. */
export function userByIdAlongside(url: URL, method: string): Alongside | null {
  if (method === "DELETE") return null;
  const id = ID_PATH.exec(url.pathname)?.[1];
  // A UUID needs no decoding, so it is the id the route's params carry.
  return id && isResourceId(id) ? { key: id, sql: (teamId) => memberByIdSql(teamId, id, method !== "GET") } : null;
}

export type MemberRead = { listed: ListedMember; current?: MemberWithUser };

/**
 * The member `id` as the token's statement read it: `listed` to render, `current` (for a write)
 * to decide from; null when it was not read there (the caller reads it itself). A member the team
 * does not have is 404 at once.
 */
export function memberReadAlongside(ctx: ScimContext, id: string): MemberRead | null {
  const along = ctx.alongside;
  if (!along || along.key !== id || along.value == null) return null;
  const rows = (typeof along.value === "string" ? JSON.parse(along.value) : along.value) as Read[];
  const read = rows[0];
  if (!read) throw new MemberNotFoundError("User");
  // The member's own columns: its groups are the listing's, not the membership row's.
  const member: Json = { ...read.member };
  delete member.groups;
  return { listed: listedMembers([read.member])[0]!, current: read.person && memberFromJson(member, personFromJson(read.person)) };
}

/**
 * The groups to answer a write of the member with: those read with it, unless something else
 * moved its version between that read and the write (a group change does, touch-members.ts);
 * then they are read again, so the answer's groups are those of its version.
 */
export async function groupsAfterWrite(db: Db, read: MemberRead | null, written: { member: { id: string; version: number }; changed: boolean }): Promise<ListedMember["groups"]> {
  const readVersion = read?.current?.version;
  if (readVersion !== undefined && written.member.version === readVersion + (written.changed ? 1 : 0)) return read!.listed.groups;
  return memberGroups(db, written.member.id);
}
