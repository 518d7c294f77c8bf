import { env } from "../env";
import { normalizeEmail } from "../members/normalize";
import type { Db } from "../members/types";
import { takeSignInAttempt } from "../rate-limit/sign-in-throttle";
import { startPasswordSession } from "../sessions/start-session";
import { verifyCredentials, verifyPasswordOf, type CredentialsResult, type PasswordProof } from "./verify-credentials";

export type PasswordSignInResult = CredentialsResult | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export const signInThrottleRules = () => {
  const e = env();
  return { perAccount: e.SIGN_IN_ATTEMPTS_PER_ACCOUNT, perAddress: e.SIGN_IN_ATTEMPTS_PER_ADDRESS, windowSeconds: e.SIGN_IN_THROTTLE_MINUTES * 60 };
};

/**
 * Email + password sign-in behind the throttle: too many attempts for this account or from this
 * address in the window are refused without checking the password (even the right one), with how
 * long to wait. The answer is the same whether or not the account exists.
 */
export async function passwordSignIn(
  db: Db,
  input: { email: string; password: string; address: string | null },
  rules = signInThrottleRules(),
): Promise<PasswordSignInResult> {
  const attempt = await takeSignInAttempt(db, { account: normalizeEmail(input.email), address: input.address }, rules);
  if (!attempt.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  const result = await verifyCredentials(db, input.email, input.password);
  if (result.ok) await attempt.succeeded();
  return result;
}

/**
 * passwordSignIn, and the session it opens: only while the password it proved is still the
 * account's, else the sign-in is refused as a wrong password would be (startPasswordSession says why).
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; address: string | null; maxAgeSeconds: number },
  rules = signInThrottleRules(),
): Promise<Exclude<PasswordSignInResult, { ok: true }> | { ok: true; user: { id: string; email: string; name: string | null }; sessionId: string }> {
  const result = await passwordSignIn(db, input, rules);
  if (!result.ok) return result;
  const sessionId = await startPasswordSession(db, { userId: result.user.id, provedHash: result.provedHash, maxAgeSeconds: input.maxAgeSeconds });
  if (!sessionId) return { ok: false, reason: "invalid" };
  return { ok: true, user: result.user, sessionId };
}

/**
 * An account's password proved behind the same throttle, for a step that signs nobody in but acts
 * as the account (accepting an invitation with it): counted with sign-in's attempts.
 */
export async function provePassword(
  db: Db,
  input: { email: string; password: string; address: string | null },
  rules = signInThrottleRules(),
): Promise<PasswordProof | { ok: false; reason: "throttled"; retryAfterSeconds: number }> {
  const attempt = await takeSignInAttempt(db, { account: normalizeEmail(input.email), address: input.address }, rules);
  if (!attempt.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  const result = await verifyPasswordOf(db, input.email, input.password);
  if (result.ok) await attempt.succeeded();
  return result;
}
