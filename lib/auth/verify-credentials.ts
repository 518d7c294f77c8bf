import type { Role } from "../db/generated/enums";
import { normalizeEmail } from "../members/normalize";
import type { Db } from "../members/types";
import { emailDomain } from "../saml/domains";
import { dummyPasswordHash, verifyPassword } from "./password";
import { passwordReaches } from "../members/unproven-account";
import { can } from "./permissions";

// provedHash: the hash the password was checked against; its session opens only while it is still
// the account's (lib/sessions/start-session.ts, startPasswordSession).
export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string | null }; provedHash: string }
  | { ok: false; reason: "invalid" | "deactivated" | "unproven" | "sso_required" };

/**
 * Email + password sign-in. Unknown email and wrong password give the same answer after the
 * same work (no account enumeration). Only someone who proved the password learns that their
 * access was deactivated, which tells them whom to ask.
 *
 * Require SSO: for an email whose domain a team has verified and requires SSO for, every failure
 * says "use SSO" (the rule is per domain, so it reveals nothing about the account). The one
 * exception is an active owner of that team with the right password: a way back in when the IdP
 * itself is broken, which only the people accountable for the team hold.
 */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<CredentialsResult> {
  const proved = await verifyPasswordOf(db, email, password);
  if (!proved.ok) return proved;
  if (proved.activeTeams === 0) return { ok: false, reason: proved.closedTeams > 0 ? "unproven" : "deactivated" };
  return { ok: true, user: proved.user, provedHash: proved.provedHash };
}

export type PasswordProof =
  | { ok: true; user: { id: string; email: string; name: string | null }; activeTeams: number; closedTeams: number; provedHash: string }
  | { ok: false; reason: "invalid" | "sso_required" };

/**
 * Sign-in's password check, with the same answers and the same work, but without refusing someone
 * who is in no team right now: accepting an invitation (which gives them one) proves the account
 * this way (lib/invitations/accept-invitation.ts).
 */
export async function verifyPasswordOf(db: Db, email: string, password: string): Promise<PasswordProof> {
  const user = await db.user.findUnique({
    where: { emailNormalized: normalizeEmail(email) },
    include: { memberships: { where: { status: "ACTIVE" }, select: { id: true, teamId: true, role: true, passwordMayEnter: true } } },
  });
  const ssoTeamId = await teamRequiringSso(db, email);
  if (!user?.passwordHash) {
    await verifyPassword(password, await dummyPasswordHash());
    return { ok: false, reason: ssoTeamId ? "sso_required" : "invalid" };
  }
  const passwordOk = await verifyPassword(password, user.passwordHash);
  // Teams that added the account while its address was unproved are not reached by its password,
  // nor is an owner's standing there the password's way past their Require SSO.
  const reached = user.memberships.filter((m) => passwordReaches(m, user));
  if (ssoTeamId) {
    const breakGlass = passwordOk && keepsPassword(reached, ssoTeamId);
    if (!breakGlass) return { ok: false, reason: "sso_required" };
  }
  if (!passwordOk) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, activeTeams: reached.length, closedTeams: user.memberships.length - reached.length, provedHash: user.passwordHash };
}

/** Whether someone with these active memberships keeps their password where `ssoTeamId` requires SSO: an owner of that team. */
export const keepsPassword = (memberships: { teamId: string; role: Role }[], ssoTeamId: string): boolean =>
  memberships.some((m) => m.teamId === ssoTeamId && can(m.role, "sso.keep_password"));

/**
 * Whether a password no longer signs this person in (Require SSO for their address, and not an
 * owner of the team requiring it): checked for sessions already open too (session-user.ts).
 */
export async function passwordRefused(db: Db, user: { email: string; memberships: { teamId: string; role: Role }[] }): Promise<boolean> {
  const ssoTeamId = await teamRequiringSso(db, user.email);
  return ssoTeamId !== null && !keepsPassword(user.memberships, ssoTeamId);
}

/** The team that requires SSO for this email's domain (verified there), if any. */
export async function teamRequiringSso(db: Db, email: string): Promise<string | null> {
  const domain = emailDomain(email);
  if (!domain) return null;
  const claim = await db.teamDomain.findFirst({
    where: { domain, verifiedAt: { not: null }, team: { ssoRequired: true } },
    select: { teamId: true },
  });
  return claim?.teamId ?? null;
}
