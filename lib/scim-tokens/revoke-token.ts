import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { MemberNotFoundError } from "../members/errors";
import type { Db, Tx } from "../db/types";

/**
 * The team's row, as every membership and group write holds it (lib/members/lock-team.ts), before
 * a token is revoked or rotated. A request reads its token once, first, and its write may then
 * wait for the team for seconds; once it holds the row it asks whether its token was revoked
 * meanwhile. So a write in progress commits before the revocation does, and one still waiting is
 * refused after it: none of them lands after the admin was told the token is revoked. FOR NO KEY
 * UPDATE: the mode those writes' UPDATE takes, which foreign-key checks (the audit row) do not wait for.
 */
export async function holdTeamWrites(tx: Tx, teamId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Team" WHERE id = ${teamId} FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new MemberNotFoundError("Token");
}

/**
 * Revokes a team's SCIM token; it answers 401 from the next request on, and no write it
 * authenticated lands after this returns. Idempotent.
 */
export async function revokeScimToken(db: Db, input: { teamId: string; tokenId: string }, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    await holdTeamWrites(tx, input.teamId);
    const token = await tx.scimToken.findFirst({ where: { id: input.tokenId, teamId: input.teamId } });
    if (!token) throw new MemberNotFoundError("Token");
    if (token.revokedAt) return;
    await tx.scimToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      teamId: input.teamId,
      actor,
      action: "scim_token.revoked",
      target: { type: "scim_token", id: token.id, label: token.name },
    });
  });
}
