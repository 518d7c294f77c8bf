import { can } from "./permissions";
import type { Db } from "../members/types";
import { recordTeamEntry } from "../members/record-sign-in";
import { readSession } from "../sessions/read-session";
import { passwordReaches } from "../members/unproven-account";
import { passwordRefused } from "./verify-credentials";

/**
 * The person a session cookie stands for, or null: the server-side session must be open (not
 * signed out, not expired), and at least one of the person's active memberships must be open to
 * it. A team is closed to a session when the person's access there ended (deactivation, removal)
 * after the session began, whatever happened since: reactivated or re-added people sign in again.
 */
export async function loadSessionUser(db: Db, { userId, sessionId }: { userId: string; sessionId: string }) {
  const open = await readSession(db, sessionId, userId);
  if (!open) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      emailVerifiedAt: true,
      memberships: {
        where: { status: "ACTIVE" },
        select: { id: true, teamId: true, role: true, passwordMayEnter: true, team: { select: { slug: true, name: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!user) return null;
  // Require SSO reaches sessions already open: a password session ends once a password would no
  // longer sign its person in (their address's domain verified by a team that requires SSO, and
  // they are not an owner there), rather than lasting its 12 hours past the switch. Derived on
  // each request, so it holds whichever way the rule came about (the switch, a domain verified
  // since), and no session is ended for good: with Require SSO off again it works again.
  if (open.method === "password" && (await passwordRefused(db, { email: user.email, memberships: user.memberships.filter((m) => passwordReaches(m, user)) }))) return null;
  const memberships = user.memberships.filter(
    (m) =>
      !open.closedTeamIds.has(m.teamId) &&
      (open.onlyTeamId === null || m.teamId === open.onlyTeamId) &&
      // A team that added the account while its address was unproved: not by its password (unproven-account.ts).
      (open.method !== "password" || passwordReaches(m, user)),
  );
  if (memberships.length === 0) return null;
  return { ...user, memberships, session: open };
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof loadSessionUser>>>;

/**
 * The session entering one team's pages: the team and the person's active membership there, or
 * why not. The first entry of a session records the sign-in in that team (and only there).
 */
export async function enterTeam(db: Db, user: SessionUser, slug: string) {
  // One read for both: the team by slug, through the person's active membership in it.
  const found = await db.membership.findFirst({ where: { userId: user.id, status: "ACTIVE", team: { slug } }, include: { team: true } });
  if (!found) return { ok: false as const, reason: "not_found" as const };
  const { team, ...membership } = found;
  if (user.session.closedTeamIds.has(team.id)) return { ok: false as const, reason: "signed_out" as const };
  // Closed to this session's password (loadSessionUser left it out): SSO, or a proved address, opens
  // it. Answered as for a team the person is not in (a 404, team-context.ts), not "sign in again":
  // the password may be someone else's, set through a link they saw before this team added the
  // address, and a different answer told them which teams had added it (found by review).
  if (user.session.method === "password" && !passwordReaches(membership, user)) return { ok: false as const, reason: "not_found" as const };
  // Opened by an admin's SSO connection for another team: this team never trusted that IdP.
  if (user.session.onlyTeamId !== null && user.session.onlyTeamId !== team.id) return { ok: false as const, reason: "signed_out" as const };
  // An admin's SSO connection never signs in owners (sso-login.ts); nor does a session it opened
  // carry someone made an owner since.
  if (user.session.onlyTeamId !== null && can(membership.role, "members.grant_owner")) return { ok: false as const, reason: "signed_out" as const };
  if (!user.session.enteredTeamIds.has(team.id)) {
    const recorded = await recordTeamEntry(db, {
      sessionId: user.session.id,
      method: user.session.method,
      teamId: team.id,
      userId: user.id,
      userEmail: user.email,
      membershipId: membership.id,
      membershipEmail: membership.email,
    });
    // Deactivated, removed or deleted since the read above: as for a team they are not in.
    if (recorded === "gone") return { ok: false as const, reason: "not_found" as const };
  }
  return { ok: true as const, team, membership };
}
