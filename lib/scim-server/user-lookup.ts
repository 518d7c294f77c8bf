// The lookup Okta and Entra ID send before every create and on each sync cycle,
// GET /Users?filter=userName eq "…", in one statement without Prisma's model layer, which cost
// half of a lookup's CPU (bench/scim-in-process.ts). userName is unique in a team: at most one row.
import type { Db } from "../members/types";
import { Prisma } from "../db/generated/client";
import { queryPrepared } from "../db/statement-names";
import { listedMembers, MEMBER_JSON, type JsonMember, type ListedMember } from "./member-json";

export async function membersByUserName(db: Db, teamId: string, userNameNormalized: string): Promise<ListedMember[]> {
  const rows = await queryPrepared<{ members: JsonMember[] | string | null }[]>(db, Prisma.sql`
    SELECT json_agg(${MEMBER_JSON}) AS members
      FROM "Membership" m
     WHERE m."teamId" = ${teamId} AND m."userNameNormalized" = ${userNameNormalized}`);
  return listedMembers(rows[0]?.members ?? null);
}
