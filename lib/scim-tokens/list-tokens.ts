import type { Db } from "../db/types";
import { Prisma } from "../db/generated/client";
import { tokenAuthoritySql } from "../members/token-authority";

/**
 * A team's SCIM tokens for the Manage Team page, newest first, without their hashes. Revoked tokens
 * stay listed (marked) for a while so an admin can tell which one a failing IdP still sends.
 */
export async function listScimTokens(db: Db, teamId: string, { limit = 50 }: { limit?: number } = {}) {
  const tokens = await db.scimToken.findMany({
    where: { teamId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true, mayManageOwners: true, scope: true, rotatedAt: true, replacedById: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: limit,
  });
  // What each may do now, as a request reads it: an owner's token whose creator is no longer an owner acts as an admin's.
  const ids = tokens.filter((k) => k.mayManageOwners).map((k) => k.id);
  const acting = ids.length
    ? new Set((await db.$queryRaw<{ id: string }[]>`SELECT k.id FROM "ScimToken" k WHERE k.id IN (${Prisma.join(ids)}) AND ${tokenAuthoritySql}`).map((r) => r.id))
    : new Set<string>();
  return tokens.map((k) => ({ ...k, mayManageOwners: acting.has(k.id) }));
}

export type ScimTokenListItem = Awaited<ReturnType<typeof listScimTokens>>[number];
