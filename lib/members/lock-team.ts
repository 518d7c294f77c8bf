import { MemberNotFoundError } from "./errors";
import type { Db, Tx } from "./types";

/**
 * Takes the team's row lock for the rest of the transaction. Every membership write does this
 * first, so the last-owner count and userName uniqueness are checked against a team no one else
 * is changing at the same moment (two admins demoting the last two owners, fifty parallel POSTs).
 * The same statement bumps the team's membership epoch, which retires SCIM page cursors
 * (lib/scim-server/page-cursor.ts) made before this write.
 */
export async function lockTeam(tx: Tx, teamId: string): Promise<{ id: string; defaultRole: string }> {
  const rows = await tx.$queryRaw<{ id: string; defaultRole: string }[]>`
    UPDATE "Team" SET "membershipEpoch" = "membershipEpoch" + 1 WHERE id = ${teamId}
    RETURNING id, "defaultRole"::text AS "defaultRole"`;
  if (rows.length === 0) throw new MemberNotFoundError("Team");
  return rows[0];
}

/** The team's active owners (but one, when given): what the last-owner rule counts. */
export async function countActiveOwners(db: Db | Tx, teamId: string, exceptMembershipId?: string): Promise<number> {
  return db.membership.count({
    where: { teamId, role: "OWNER", status: "ACTIVE", ...(exceptMembershipId && { id: { not: exceptMembershipId } }) },
  });
}
