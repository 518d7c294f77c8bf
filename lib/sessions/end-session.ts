import { Prisma } from "../db/generated/client";
import { DB_NOW_UTC, type SessionDb } from "./types";

/** Sign-out: this session is refused from now on, whatever the cookie still says. */
export async function endSession(db: SessionDb, sessionId: string): Promise<void> {
  await db.$executeRaw`UPDATE "Session" SET "revokedAt" = ${Prisma.raw(DB_NOW_UTC)} WHERE id = ${sessionId} AND "revokedAt" IS NULL`;
}

/**
 * "Sign out everywhere": every open session of the person ends, but `except` (the one asking, e.g.
 * after a password change). Returns how many did.
 */
export async function endUserSessions(db: SessionDb, userId: string, options: { except?: string } = {}): Promise<number> {
  const keep = options.except ?? "";
  return db.$executeRaw`UPDATE "Session" SET "revokedAt" = ${Prisma.raw(DB_NOW_UTC)} WHERE "userId" = ${userId} AND "revokedAt" IS NULL AND id <> ${keep}`;
}

/**
 * Every open session an SSO connection's IdP vouched for ends: the connection was deleted, or who
 * its IdP is changed (its certificate, entity ID, discovery URL or client). Returns how many did.
 */
export async function endConnectionSessions(db: SessionDb, connectionClientId: string): Promise<number> {
  return db.$executeRaw`UPDATE "Session" SET "revokedAt" = ${Prisma.raw(DB_NOW_UTC)} WHERE "connectionClientId" = ${connectionClientId} AND "revokedAt" IS NULL`;
}

/** endConnectionSessions for every SSO connection of a team, in one statement: the team is being deleted. */
export async function endTeamConnectionsSessions(db: SessionDb, teamId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE "Session" SET "revokedAt" = ${Prisma.raw(DB_NOW_UTC)}
     WHERE "connectionClientId" IN (SELECT "clientId" FROM "SsoConnection" WHERE "teamId" = ${teamId}) AND "revokedAt" IS NULL`;
}
