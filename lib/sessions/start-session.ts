import crypto from "node:crypto";
import { Prisma } from "../db/generated/client";
import { DB_NOW_UTC, type SessionDb, type SignInMethod } from "./types";

/**
 * Opens a session for a person who just proved who they are; the JWT carries only the returned
 * id. `enteredTeamId` is the team a SAML login already recorded the sign-in in (its IdP vouched
 * for the person there), so entering that team does not record it a second time. `onlyTeamId`:
 * the session reaches that team only (an SSO connection an admin set up opened it).
 */
export async function startSession(
  db: SessionDb,
  input: { userId: string; method: SignInMethod; maxAgeSeconds: number; enteredTeamId?: string; onlyTeamId?: string },
): Promise<string> {
  const id = crypto.randomUUID();
  const now = Prisma.raw(DB_NOW_UTC);
  await db.$executeRaw`
    INSERT INTO "Session" (id, "userId", method, "createdAt", "expiresAt", "onlyTeamId")
    VALUES (${id}, ${input.userId}, ${input.method}, ${now}, ${now} + ${input.maxAgeSeconds}::int * interval '1 second', ${input.onlyTeamId ?? null})`;
  if (input.enteredTeamId) {
    await db.sessionTeamEntry.create({ data: { sessionId: id, teamId: input.enteredTeamId } });
  }
  return id;
}
