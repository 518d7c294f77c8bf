// Whether a test sign-in's answer shows the connection works for its team's domains. Pure;
// unit-tested in judge-test-profile.test.ts (test-sign-in.ts runs the flow).
import { isEmail, normalizeEmail } from "../members/normalize";
import { vouchableEmailDomain } from "./domains";
import type { SamlProfile } from "./profile";

export type TestVerdict = { ok: true; email: string } | { ok: false; message: string };

/**
 * Whether a validated profile shows the connection works for its team's domains. `vouchedBy`
 * is the connection whose IdP answered (code-origin.ts), which another of the team's IdPs
 * answering this test is not.
 */
export function judgeTestProfile(
  profile: SamlProfile | null,
  vouchedBy: string | null,
  expected: { teamId: string; clientID: string; trustedDomains: string[] },
): TestVerdict {
  if (!profile || profile.requested?.tenant !== expected.teamId || profile.requested?.idp_hint !== expected.clientID || vouchedBy !== expected.clientID) {
    return { ok: false, message: "The answer did not come from this connection. Start the test again." };
  }
  const raw = profile.email?.trim() ?? "";
  if (!isEmail(raw)) return { ok: false, message: "Your identity provider signed you in but sent no email address. Include the email in the assertion (or the email scope)." };
  const email = normalizeEmail(raw);
  const domain = vouchableEmailDomain(email);
  if (!domain || !expected.trustedDomains.includes(domain)) {
    const routed = expected.trustedDomains.length ? expected.trustedDomains.join(", ") : "no verified domain yet";
    return { ok: false, message: `Your identity provider signed in ${email}, but ${domain ?? "that domain"} does not route to this connection (it serves ${routed}).` };
  }
  return { ok: true, email };
}
