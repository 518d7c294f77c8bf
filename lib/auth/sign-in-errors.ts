// What a person is told when sign-in fails. Codes come from authorize() (lib/auth/options.ts)
// or next-auth itself; anything unknown gets the generic answer, which reveals nothing.
const MESSAGES: Record<string, string> = {
  invalid: "Wrong email or password.",
  CredentialsSignin: "Wrong email or password.",
  deactivated: "Your access has been deactivated. Ask your team administrator to reactivate you.",
  SessionRequired: "Please sign in to continue.",
};

export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? "Sign-in failed. Please try again.";
}
