import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { InvalidMemberInputError, MemberNotFoundError } from "../members/errors";
import type { Db } from "../db/types";
import { createScimTokenInTx, type CreatedToken } from "./create-token";
import { holdTeamWrites } from "./revoke-token";
import { generateTokenSecret } from "./token-secret";
import { readTokenScope } from "./token-scope";

/** Longest overlap an admin may choose: long enough for a change window, short enough to matter. */
export const MAX_OVERLAP_HOURS = 24 * 30;

/**
 * Rotates a SCIM token without a gap in provisioning: a successor with the same name and scope
 * is made now, and the old token keeps working for the chosen overlap (while the IdP is given
 * the new secret), then is refused. Overlap 0 revokes the old token at once. One transaction:
 * never two successors, never an old token left valid without one.
 */
export async function rotateScimToken(
  db: Db,
  input: { teamId: string; tokenId: string; overlapHours: number; mayManageOwners: boolean; expiresAt?: Date | null; now?: Date },
  actor: Actor,
): Promise<CreatedToken & { oldTokenValidUntil: Date }> {
  const now = input.now ?? new Date();
  if (!Number.isFinite(input.overlapHours) || input.overlapHours < 0 || input.overlapHours > MAX_OVERLAP_HOURS) {
    throw new InvalidMemberInputError(`The overlap must be between 0 and ${MAX_OVERLAP_HOURS} hours`);
  }
  const secret = generateTokenSecret();
  return db.$transaction(async (tx) => {
    // The team's writes first (revoke-token.ts): without overlap, the old token is revoked here.
    await holdTeamWrites(tx, input.teamId);
    // The row lock makes a second, concurrent rotation of the same token wait and then refuse.
    const [old] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ScimToken" WHERE id = ${input.tokenId} AND "teamId" = ${input.teamId} FOR UPDATE`;
    const token = old && (await tx.scimToken.findUnique({ where: { id: old.id } }));
    if (!token) throw new MemberNotFoundError("Token");
    if (token.revokedAt || token.replacedById || (token.expiresAt && token.expiresAt <= now)) {
      throw new InvalidMemberInputError("Only a token in use can be rotated; this one is revoked, expired or already rotated");
    }
    // Unless told otherwise, the successor lives as long as its predecessor was made to.
    const expiresAt =
      input.expiresAt !== undefined ? input.expiresAt : token.expiresAt ? new Date(now.getTime() + (token.expiresAt.getTime() - token.createdAt.getTime())) : null;
    const created = await createScimTokenInTx(
      tx,
      { teamId: input.teamId, name: token.name, expiresAt, mayManageOwners: input.mayManageOwners, scope: readTokenScope(token.scope) },
      secret,
      actor,
    );
    const overlapEnds = new Date(now.getTime() + input.overlapHours * 3_600_000);
    const validUntil = token.expiresAt && token.expiresAt < overlapEnds ? token.expiresAt : overlapEnds;
    await tx.scimToken.update({
      where: { id: token.id },
      data: { replacedById: created.id, rotatedAt: now, ...(input.overlapHours === 0 ? { revokedAt: now } : { expiresAt: validUntil }) },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actor,
      action: "scim_token.rotated",
      target: { type: "scim_token", id: token.id, label: token.name },
      details: { replacedBy: created.id, newPrefix: created.prefix, overlapHours: input.overlapHours, oldTokenValidUntil: validUntil.toISOString() },
    });
    return {
      id: created.id,
      name: created.name,
      prefix: created.prefix,
      expiresAt: created.expiresAt,
      scope: readTokenScope(created.scope),
      secret,
      oldTokenValidUntil: input.overlapHours === 0 ? now : validUntil,
    };
  });
}
