import { hashPassword } from "../auth/password";
import { MIN_PASSWORD } from "../account/account";
import type { Db } from "../members/types";
import { endUserSessions } from "../sessions/end-session";
import { emailVerifiedAfterLink, openToPassword } from "../members/unproven-account";
import { PasswordResetInputError, PasswordTokenUnusableError } from "./errors";
import { adminLinkStillHolds } from "./admin-reset";
import { passwordTokenHash, passwordTokenState, type PasswordTokenPurpose, type PasswordTokenState } from "./tokens";

export type PasswordTokenLookup = { state: PasswordTokenState; email?: string; purpose?: PasswordTokenPurpose };

/** What the reset page shows before the person types anything: whether the link works, and for whom. */
export async function lookupPasswordToken(db: Db, secret: string, now = new Date()): Promise<PasswordTokenLookup> {
  const hash = passwordTokenHash(secret);
  const token = hash ? await db.passwordToken.findUnique({ where: { tokenHash: hash }, include: { user: { select: { email: true } } } }) : null;
  const state = passwordTokenState(token, now);
  if (!token || state !== "valid") return { state };
  if (!(await adminLinkStillHolds(db, token))) return { state: "withdrawn" };
  return { state, email: token.user.email, purpose: token.purpose as PasswordTokenPurpose };
}

/**
 * Sets a new password through a link, once: the token row is locked, checked, marked used (with
 * every other open link of the person, which the new password makes moot) and the password set,
 * in one transaction, which also ends every session of the person: whoever had the old password
 * or a stolen cookie is out. Whether the address counts as proved afterwards depends on who could
 * see the link (PasswordToken.mailOnly).
 */
export async function resetPassword(db: Db, secret: string, password: string, now = new Date()): Promise<{ email: string }> {
  const hash = passwordTokenHash(secret);
  if (!hash) throw new PasswordTokenUnusableError("not_found");
  if (password.length < MIN_PASSWORD) throw new PasswordResetInputError(`Choose a password of at least ${MIN_PASSWORD} characters.`);
  if (password.length > 1024) throw new PasswordResetInputError("Keep the password to 1,024 characters or fewer.");
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    // The person's row first, then the link's, as a move of the person's sign-in address takes
    // them (it locks the person, then withdraws their links): taken the other way round, the two
    // deadlocked and the move failed (found by review). Two submits of one link: the second waits
    // here and then finds it used.
    await tx.$queryRaw`SELECT u.id FROM "User" u JOIN "PasswordToken" p ON p."userId" = u.id WHERE p."tokenHash" = ${hash} FOR UPDATE OF u`;
    await tx.$queryRaw`SELECT id FROM "PasswordToken" WHERE "tokenHash" = ${hash} FOR UPDATE`;
    const token = await tx.passwordToken.findUnique({ where: { tokenHash: hash }, include: { user: { select: { id: true, email: true, emailNormalized: true } } } });
    // Judged as of now, the locks held, not as of the request's start: a withdrawal (which sets
    // expiresAt to its own time) committing while the password was hashed or the row awaited
    // looked like an expiry still to come, and the withdrawn link worked (found by review).
    const state = passwordTokenState(token, new Date(Math.max(now.getTime(), Date.now())));
    if (!token || state !== "valid") throw new PasswordTokenUnusableError(state === "valid" ? "not_found" : state);
    // An admin's link, up to a day old: what it was made under must still hold (a demotion that
    // commits while this runs is not waited for, as for any request in flight).
    if (!(await adminLinkStillHolds(tx, token))) throw new PasswordTokenUnusableError("withdrawn");
    await tx.passwordToken.updateMany({ where: { userId: token.userId, usedAt: null }, data: { usedAt: now } });
    // Through a link only the mailbox got, the address it went to is proved, if the account still
    // has it; through one someone else saw (an admin's, the operator's), the password proves
    // nothing about it, whatever came before.
    await tx.user.update({ where: { id: token.userId }, data: { passwordHash, emailVerifiedAt: emailVerifiedAfterLink(token, token.user, now) } });
    // An admin's link: their team trusts whoever they gave it to, so the password reaches it even
    // if the team added the account while its address was unproved (unproven-account.ts).
    if (token.teamId) await openToPassword(tx, token.teamId, token.userId);
    await tx.instanceAuditEvent.create({
      data: {
        actorType: "user",
        actorUserId: token.userId,
        actorLabel: token.user.email,
        action: token.purpose === "owner_setup" ? "account.password_set" : "account.password_reset",
        targetType: "user",
        targetId: token.userId,
        targetLabel: token.user.email,
        details: { linkCreatedBy: token.createdByLabel },
      },
    });
    await endUserSessions(tx, token.userId);
    return token.user;
  });
  return { email: user.email };
}
