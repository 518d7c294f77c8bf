// What a person is told when sign-in fails. Codes come from authorize() (lib/auth/options.ts)
// or next-auth itself; anything unknown gets the generic answer, which reveals nothing.
const MESSAGES: Record<string, string> = {
  invalid: "Wrong email or password.",
  CredentialsSignin: "Wrong email or password.",
  deactivated: "Your access has been deactivated. Ask your team administrator to reactivate you.",
  // Every team of theirs added the account while its address was unproved (lib/members/unproven-account.ts).
  unproven: "Your team needs you to confirm your email address first: use Forgot password? (the link goes to your mailbox) or Continue with SSO.",
  SessionRequired: "Please sign in to continue.",
  // An expired, signed-out or unreadable session cookie (lib/auth/sign-in-again.ts).
  SessionEnded: "Your session ended, sign in again.",
};

/** The code authorize() throws for a throttled attempt: "throttled:<minutes to wait>". */
export const throttledCode = (retryAfterSeconds: number) => `throttled:${Math.max(1, Math.ceil(retryAfterSeconds / 60))}`;

export function signInErrorMessage(code: string): string {
  const throttled = /^throttled:(\d{1,4})$/.exec(code);
  if (throttled) {
    const minutes = Number(throttled[1]);
    return `Too many sign-in attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
  }
  return MESSAGES[code] ?? "Sign-in failed. Please try again.";
}

/**
 * Checked before asking the server: an empty field is a typing slip, not wrong credentials, so the
 * person is told which field to fill rather than "Wrong email or password". Null when both are given.
 */
export function missingCredentialsMessage(email: string, password: string): string | null {
  const noEmail = email.trim() === "";
  const noPassword = password === "";
  if (noEmail && noPassword) return "Enter your email and password.";
  if (noEmail) return "Enter your email.";
  if (noPassword) return "Enter your password.";
  return null;
}
