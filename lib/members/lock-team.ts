import type { Actor } from "../audit/actor";
import { holdStanding } from "../audit/standing";
import { MemberNotFoundError, ScimTokenAuthorityChangedError, ScimTokenRefusedError } from "./errors";
import { tokenAuthoritySql } from "./token-authority";
import type { Db, Tx } from "./types";

/**
 * Takes the team's row lock for the rest of the transaction. Every membership write does this
 * first, so the last-owner count and userName uniqueness are checked against a team no one else
 * is changing at the same moment (two admins demoting the last two owners, fifty parallel POSTs).
 * The same statement bumps the team's membership epoch, which retires SCIM page cursors
 * (lib/scim-server/page-cursor.ts) made before this write.
 *
 * A SCIM token's write (`actor`) also finds out here, holding the row, whether its token was revoked
 * meanwhile: a request reads its token first, then may wait for the team for seconds, and revoking
 * a token takes this row first (lib/scim-tokens/revoke-token.ts), so the write either commits
 * before the revocation or is refused after it (ScimTokenRefusedError, SCIM's 401). A person's
 * write holds their role in the team the same way (lib/audit/standing.ts).
 */
export async function lockTeam(tx: Tx, teamId: string, actor?: Actor): Promise<{ id: string; defaultRole: string }> {
  const tokenId = scimTokenOf(actor);
  const rows = await tx.$queryRaw<{ id: string; defaultRole: string; refused: boolean }[]>`
    UPDATE "Team" SET "membershipEpoch" = "membershipEpoch" + 1 WHERE id = ${teamId}
    RETURNING id, "defaultRole"::text AS "defaultRole",
              (${tokenId}::text IS NOT NULL AND "gatehouse_scim_token_refused"(id, ${tokenId}::text)) AS refused`;
  if (rows.length === 0) throw new MemberNotFoundError("Team");
  if (rows[0].refused) throw new ScimTokenRefusedError();
  // Nor may it act with an owner's authority its creator no longer has: the request read it when
  // it began, and its body may take minutes to arrive (found by review: a demoted owner's slow
  // request made her an owner again). Read now, the team held: a demotion takes this row first.
  if (tokenId && actor?.type === "scim" && actor.mayManageOwners) {
    const [held] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT ${tokenAuthoritySql} AS ok FROM "ScimToken" k WHERE k.id = ${tokenId}`;
    // No row refuses nothing, as for revocation (token rows go only with their team).
    if (held && !held.ok) throw new ScimTokenAuthorityChangedError();
  }
  // A person's, likewise: the role they act with, held before the write may change their own.
  await holdStanding(tx, teamId, actor);
  return { id: rows[0].id, defaultRole: rows[0].defaultRole };
}

/** The SCIM token a write comes with, to be checked under the team lock; null for anyone else. */
export const scimTokenOf = (actor: Actor | undefined): string | null => (actor?.type === "scim" ? actor.tokenId : null);

/** The team's active owners (but one, when given): what the last-owner rule counts. */
export async function countActiveOwners(db: Db | Tx, teamId: string, exceptMembershipId?: string): Promise<number> {
  return db.membership.count({
    where: { teamId, role: "OWNER", status: "ACTIVE", ...(exceptMembershipId && { id: { not: exceptMembershipId } }) },
  });
}
