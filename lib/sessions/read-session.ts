import type { SessionDb } from "./types";

export type OpenSession = {
  id: string;
  userId: string;
  method: string;
  createdAt: Date;
  /** Teams this session has already entered (sign-in recorded there). */
  enteredTeamIds: ReadonlySet<string>;
  /** Teams whose access for this person ended after the session began: never reachable with it. */
  closedTeamIds: ReadonlySet<string>;
  /** The one team the session reaches, when an SSO connection an admin set up opened it. */
  onlyTeamId: string | null;
};

/**
 * The session a JWT names, if it is still open: it exists, belongs to that person, is not signed
 * out and has not expired. Null otherwise; the caller treats the request as signed out.
 */
export async function readSession(db: SessionDb, sessionId: string, userId: string, now = new Date()): Promise<OpenSession | null> {
  const s = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      userId: true,
      method: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      onlyTeamId: true,
      teamEntries: { select: { teamId: true } },
      user: { select: { accessRevocations: { select: { teamId: true, revokedAt: true } } } },
    },
  });
  if (!s || s.userId !== userId || s.revokedAt || s.expiresAt <= now) return null;
  return {
    id: s.id,
    userId: s.userId,
    method: s.method,
    createdAt: s.createdAt,
    enteredTeamIds: new Set(s.teamEntries.map((e) => e.teamId)),
    // Same millisecond counts as after: when in doubt, the session is the older one.
    closedTeamIds: new Set(s.user.accessRevocations.filter((r) => r.revokedAt >= s.createdAt).map((r) => r.teamId)),
    onlyTeamId: s.onlyTeamId,
  };
}
