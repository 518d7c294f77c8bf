import type { Db } from "../db/types";

/**
 * A team's SCIM tokens for the Manage Team page, newest first, without their hashes. Revoked tokens
 * stay listed (marked) for a while so an admin can tell which one a failing IdP still sends.
 */
export function listScimTokens(db: Db, teamId: string, { limit = 50 }: { limit?: number } = {}) {
  return db.scimToken.findMany({
    where: { teamId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true, mayManageOwners: true, scope: true, rotatedAt: true, replacedById: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: limit,
  });
}

export type ScimTokenListItem = Awaited<ReturnType<typeof listScimTokens>>[number];
