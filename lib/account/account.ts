import type { Actor } from "../audit/actor";
import { hashPassword, verifyPassword } from "../auth/password";
import { signInThrottleRules } from "../auth/password-sign-in";
import { DomainError } from "../members/errors";
import { normalizeEmail } from "../members/normalize";
import { passwordReachesWhere } from "../members/unproven-account";
import { takeSignInAttempt, type SignInThrottleRules } from "../rate-limit/sign-in-throttle";
import type { Db } from "../members/types";
import { endUserSessions } from "../sessions/end-session";

// The signed-in person's own account: their name and password. The account is the login
// identity every team shares, so these changes are recorded in the instance-level trail rather
// than in one team's log.

export class AccountInputError extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

export const MIN_PASSWORD = 8;

export async function changeDisplayName(db: Db, userId: string, name: string, actor: Actor): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw new AccountInputError("Enter your name.");
  if (trimmed.length > 200) throw new AccountInputError("Keep your name to 200 characters or fewer.");
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { name: trimmed } });
    await tx.instanceAuditEvent.create({
      data: { actorType: actor.type, actorUserId: userId, actorLabel: actor.label, action: "account.name_changed", targetType: "user", targetId: userId, targetLabel: actor.label },
    });
  });
}

/**
 * Requires the current password; the person's other sessions end, all but `keepSessionId`.
 * Each check of the current password counts against the account in the sign-in throttle (the
 * same count as the sign-in form), so a stolen session cannot guess it faster than a sign-in could.
 */
export async function changePassword(
  db: Db,
  userId: string,
  current: string,
  next: string,
  actor: Actor,
  options: { keepSessionId?: string; throttle?: SignInThrottleRules } = {},
): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user?.passwordHash) throw new AccountInputError("Your account signs in with single sign-on and has no password to change.");
  const attempt = await takeSignInAttempt(db, { account: normalizeEmail(user.email), address: null }, options.throttle ?? signInThrottleRules());
  if (!attempt.allowed) {
    const minutes = Math.max(1, Math.ceil(attempt.retryAfterSeconds / 60));
    throw new AccountInputError(`Too many attempts with a wrong password. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`);
  }
  if (!(await verifyPassword(current, user.passwordHash))) throw new AccountInputError("Your current password is not right.");
  await attempt.succeeded();
  if (next.length < MIN_PASSWORD) throw new AccountInputError(`Choose a new password of at least ${MIN_PASSWORD} characters.`);
  if (next === current) throw new AccountInputError("Choose a new password that differs from the current one.");
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    // Only over the password just checked: a reset (the person's own "Forgot password?") that
    // committed since then would otherwise be overwritten, leaving the old password's holder with
    // a new one on an address the reset proved, reaching every team (found by review).
    const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (count === 0) throw new AccountInputError("Your password was changed elsewhere meanwhile. Sign in again.");
    await tx.instanceAuditEvent.create({
      data: { actorType: actor.type, actorUserId: userId, actorLabel: actor.label, action: "account.password_changed", targetType: "user", targetId: userId, targetLabel: actor.label },
    });
  });
  await endUserSessions(db, userId, { except: options.keepSessionId });
}

/** "Sign out everywhere": every session of the person ends, the one asking included. Returns how many. */
export async function signOutEverywhere(db: Db, userId: string, actor: Actor): Promise<number> {
  return db.$transaction(async (tx) => {
    const ended = await endUserSessions(tx, userId);
    await tx.instanceAuditEvent.create({
      data: { actorType: actor.type, actorUserId: userId, actorLabel: actor.label, action: "account.signed_out_everywhere", targetType: "user", targetId: userId, targetLabel: actor.label, details: { sessions: ended } },
    });
    return ended;
  });
}

/** The teams the person belongs to, for the account page (deactivated ones say so). */
/**
 * The person's teams for their account page, as their session sees them: one opened by an admin's
 * SSO connection (onlyTeamId) shows that team only, not where else the person is and as what.
 */
export function listMyTeams(db: Db, user: { id: string; emailVerifiedAt: Date | null; session: { onlyTeamId: string | null; method: string } }) {
  return db.membership.findMany({
    where: {
      userId: user.id,
      ...(user.session.onlyTeamId !== null && { teamId: user.session.onlyTeamId }),
      // Nor, for a password session, the teams its password does not reach (unproven-account.ts).
      ...(user.session.method === "password" && passwordReachesWhere(user)),
    },
    select: { id: true, role: true, status: true, team: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/** Whether the person has a Gatehouse password (else they sign in through SSO only). */
export async function hasPassword(db: Db, userId: string): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  return user.passwordHash !== null;
}
