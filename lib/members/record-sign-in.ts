import { Prisma } from "../db/generated/client";
import { recordAudit } from "../audit/record-audit";
import type { Db, Tx } from "./types";

// A team sees a sign-in only where it happened, so that no team learns when someone works in
// another one. A password proves who the person is and names no team: it is recorded on the
// session alone (lib/sessions/), and each team records it when the session first enters it
// (recordTeamEntry). A SAML login is one team's IdP vouching for the person: it names that team.
//
// Signing in changes nothing a SCIM client reads: lastLoginAt moves, Membership.updatedAt (SCIM
// meta.lastModified) and version do not.

type Stamp = { teamId: string; userId: string; userEmail: string; membershipId: string; membershipEmail: string };

/**
 * Stamps the membership's last sign-in if it is still active: the caller's first write, so that
 * the check and the row lock are one statement. A deactivation or removal in flight is waited for
 * and PostgreSQL re-checks the condition after it, so one that commits meanwhile is always seen
 * (a separate read before the UPDATE missed one committing between the two).
 */
async function stampIfActive(tx: Tx, m: { membershipId: string; teamId: string; userId: string }): Promise<boolean> {
  // The person's row before the membership's, as a move of their sign-in address takes them
  // (lock-person.ts: the person FOR UPDATE, then the membership): the audit row this transaction
  // writes next takes the person FOR KEY SHARE (its actor's foreign key), and taken only then, a
  // move in between deadlocked with it and the sign-in failed with an error page (found by a
  // concurrency review). Now the sign-in waits for such a move to commit first.
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${m.userId} FOR KEY SHARE`;
  const stamped = await tx.$executeRaw`
    UPDATE "Membership" SET "lastLoginAt" = ${new Date()}
     WHERE id = ${m.membershipId} AND "teamId" = ${m.teamId} AND "userId" = ${m.userId} AND status = 'ACTIVE'`;
  return stamped > 0;
}

async function audit(tx: Tx, m: Stamp, details: Prisma.InputJsonObject): Promise<void> {
  await recordAudit(tx, {
    teamId: m.teamId,
    // The actor of a record, not of a change: a sign-in authorises nothing, so it claims no authority.
    actor: { type: "user", userId: m.userId, label: m.userEmail, mayManageOwners: false },
    action: "member.login",
    target: { type: "member", id: m.membershipId, label: m.membershipEmail },
    details,
  });
}

/**
 * A SAML login into one team: stamps that membership's last sign-in and audits it there only.
 * False when the person has no active membership there (any more): the login decided from a read
 * that a deactivation or removal has since overtaken, and must be refused.
 */
export async function recordSignIn(db: Db, userId: string, method: "saml", scope: { teamId: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const m = await tx.membership.findFirst({
      where: { userId, teamId: scope.teamId, status: "ACTIVE" },
      include: { user: { select: { email: true } } },
    });
    if (!m || !(await stampIfActive(tx, { membershipId: m.id, teamId: m.teamId, userId }))) return false;
    await audit(tx, { teamId: m.teamId, userId, userEmail: m.user.email, membershipId: m.id, membershipEmail: m.email }, { method });
    return true;
  });
}

/**
 * The first request of a session inside a team (getTeamContext): the team's last sign-in for the
 * member is stamped and `member.login` audited, once per session per team. Later requests, and
 * concurrent first ones, find the entry and write nothing ("already").
 *
 * "gone": the membership the caller read is no longer active, or its team no longer exists (a
 * deactivation, removal or deletion committed since the read): nothing is recorded and the caller
 * must not let the session in. The team's row is held FOR KEY SHARE first: no membership write
 * waits for that (they take NO KEY UPDATE), a deletion does, and one under way is waited for, so
 * the entry and its audit row never name a team that is gone by the time they commit.
 */
export async function recordTeamEntry(db: Db, entry: Stamp & { sessionId: string; method: string }): Promise<"recorded" | "already" | "gone"> {
  return db.$transaction(async (tx) => {
    const team = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Team" WHERE id = ${entry.teamId} FOR KEY SHARE`;
    if (team.length === 0) return "gone";
    // Concurrent first requests of one session both stamp (harmless); one records the entry.
    if (!(await stampIfActive(tx, entry))) return "gone";
    const inserted = await tx.$executeRaw`
      INSERT INTO "SessionTeamEntry" ("sessionId", "teamId", "createdAt") VALUES (${entry.sessionId}, ${entry.teamId}, ${new Date()})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return "already";
    await audit(tx, entry, { method: entry.method });
    return "recorded";
  });
}
