import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { MemberNotFoundError } from "../members/errors";
import type { Db } from "../db/types";

/** Revokes a team's SCIM token; it answers 401 from the next request on. Idempotent. */
export async function revokeScimToken(db: Db, input: { teamId: string; tokenId: string }, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
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
