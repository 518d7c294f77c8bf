import crypto from "node:crypto";
import { Prisma } from "../db/generated/client";
import { DB_NOW_UTC, type SessionDb, type SignInMethod } from "./types";

type SessionStart = {
  userId: string; method: SignInMethod; maxAgeSeconds: number; enteredTeamId?: string; onlyTeamId?: string; connectionClientId?: string;
  /** An SSO session: the team whose connection vouched, and when its answer's code was issued. */
  vouchedAt?: { teamId: string; issuedAt: Date };
};

/**
 * Opens a session for a person who just proved who they are; the JWT carries only the returned
 * id. `enteredTeamId` is the team a SAML login already recorded the sign-in in (its IdP vouched
 * for the person there), so entering that team does not record it a second time. `onlyTeamId`:
 * the session reaches that team only (an SSO connection an admin set up opened it).
 * `connectionClientId`: the SSO connection whose IdP vouched (its deletion ends the session).
 */
export async function startSession(
  db: SessionDb,
  input: SessionStart,
): Promise<string> {
  const id = await insertSession(db, input, null);
  if (!id) throw new Error(input.vouchedAt ? "The SSO connection that vouched changed since its answer: no session" : `No account ${input.userId} to open a session for`);
  return id;
}

/**
 * A password sign-in's session, opened only while `provedHash` (what the password was checked
 * against) is still the account's: else null. The check and the session's start are far apart
 * (scrypt, then next-auth's callbacks), and a sign-in with the old password checked before a
 * change, a reset or a clearing committed opened its session after that ended every other one
 * (found by review). The account's row is share-locked, so a change either waits for this session
 * (and then ends it) or commits first (and then this finds another hash).
 */
export async function startPasswordSession(db: SessionDb, input: { userId: string; provedHash: string; maxAgeSeconds: number }): Promise<string | null> {
  return insertSession(db, { ...input, method: "password" }, input.provedHash);
}

async function insertSession(
  db: SessionDb,
  input: SessionStart,
  provedHash: string | null,
): Promise<string | null> {
  const id = crypto.randomUUID();
  const now = Prisma.raw(DB_NOW_UTC);
  const stillProved = provedHash === null ? Prisma.empty : Prisma.sql`AND "passwordHash" = ${provedHash}`;
  // An SSO session: only while no change of the vouching team's connections came after its code was
  // issued; the team's row is share-locked, so a change either commits first (and this finds it) or
  // waits for this session (and then ends it).
  const vouched = input.vouchedAt
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Team" t WHERE t.id = ${input.vouchedAt.teamId} AND (t."ssoChangedAt" IS NULL OR t."ssoChangedAt" < ${input.vouchedAt.issuedAt}) FOR SHARE)`
    : Prisma.empty;
  const inserted = await db.$executeRaw`
    INSERT INTO "Session" (id, "userId", method, "createdAt", "expiresAt", "onlyTeamId", "connectionClientId")
    SELECT ${id}, id, ${input.method}, ${now}, ${now} + ${input.maxAgeSeconds}::int * interval '1 second', ${input.onlyTeamId ?? null}::text, ${input.connectionClientId ?? null}::text
    FROM "User" WHERE id = ${input.userId} ${stillProved} ${vouched} FOR SHARE`;
  if (inserted === 0) return null;
  if (input.enteredTeamId) {
    await db.sessionTeamEntry.create({ data: { sessionId: id, teamId: input.enteredTeamId } });
  }
  return id;
}
