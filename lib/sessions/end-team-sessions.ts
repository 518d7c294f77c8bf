import { Prisma } from "../db/generated/client";
import { DB_NOW_UTC, type SessionDb } from "./types";

/**
 * Ends the person's access to the team for every session begun until now: deactivation and
 * removal call it inside their own transaction. The record outlives the membership, so neither a
 * reactivation nor a DELETE + new POST of the same person revives a cookie issued before: only a
 * new sign-in reaches the team again. Sessions stay valid for the person's other teams.
 */
export async function endTeamSessions(tx: SessionDb, { teamId, userId }: { teamId: string; userId: string }): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "TeamAccessRevocation" ("teamId", "userId", "revokedAt") VALUES (${teamId}, ${userId}, ${Prisma.raw(DB_NOW_UTC)})
    ON CONFLICT ("teamId", "userId") DO UPDATE SET "revokedAt" = EXCLUDED."revokedAt"`;
}
