import { Prisma } from "../db/generated/client";
import { rolesWith } from "../auth/permissions";

/**
 * Whether a token `k` acts with an owner's authority now (lib/members/owner-authority.ts): made so
 * (its creator could grant the Owner role then), and its creator still an active member whose role
 * may (the operator's CLI, no creator, keeps it). Read with the token on every request, so a demoted,
 * deactivated or removed owner's token acts as an admin's from the next request on, and as an
 * owner's again if they become one. A write reads it again once it holds the team (lock-team.ts):
 * a request that read it before a demotion, its body still arriving, does not keep it.
 */
export const tokenAuthoritySql = Prisma.sql`(k."mayManageOwners" AND (k."createdByUserId" IS NULL OR EXISTS (
    SELECT 1 FROM "Membership" creator
     WHERE creator."teamId" = k."teamId" AND creator."userId" = k."createdByUserId" AND creator.status = 'ACTIVE'
       AND creator.role::text IN (${Prisma.join(rolesWith("members.grant_owner"))}))))`;
