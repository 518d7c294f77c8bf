// The last step of every SSO sign-in, SP- or IdP-initiated: which team the validated profile is
// for (jackson records the tenant of the login), which connection vouched for it (the code's
// origin, code-origin.ts), then the membership decision and writes (sso-login.ts).
import { vouchingConnection, type CodeOrigin } from "./code-origin";
import { completeSsoLogin, type SsoLoginResult } from "./sso-login";
import type { Db } from "../members/types";
import { SAML_PRODUCT } from "./constants";
import { parseSamlProfile } from "./profile";

export type SamlSignInResult = SsoLoginResult | { ok: false; reason: "invalid_profile" };

export async function signInWithSamlProfile(db: Db, raw: unknown, origin: CodeOrigin | null): Promise<SamlSignInResult> {
  const profile = parseSamlProfile(raw);
  const teamId = profile?.requested?.tenant;
  if (!profile || !teamId || profile.requested?.product !== SAML_PRODUCT) return { ok: false, reason: "invalid_profile" };
  return completeSsoLogin(db, {
    teamId,
    profile,
    flow: profile.requested?.isIdPFlow ? "idp-initiated" : "sp-initiated",
    vouchedBy: vouchingConnection(origin, teamId, profile.requested?.idp_hint),
  });
}
