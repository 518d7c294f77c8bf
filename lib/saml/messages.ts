// What a person reads on the sign-in page when SSO (or a password blocked by Require SSO) did
// not let them in. Codes travel as ?error=… or as next-auth's credentials error.
const MESSAGES: Record<string, string> = {
  sso_required: "Your organisation requires single sign-on. Enter your work email and choose “Continue with SSO”.",
  sso_no_email: "Your identity provider did not send an email address. Ask your administrator to include it in the SAML assertion.",
  sso_email_unverified: "Your identity provider says your email address is not verified. Verify it with your identity provider, then sign in again.",
  sso_domain_not_verified:
    "Your identity provider signed you in, but your email domain is not verified for this team's single sign-on. Ask your administrator to verify it.",
  sso_deactivated: "Your access has been deactivated. Ask your team administrator to reactivate you.",
  sso_not_assigned: "You don't have access to this team yet: ask your administrator to assign you the app.",
  sso_unknown_team: "Single sign-on is not set up for this team any more. Sign in with your password, or ask your administrator.",
  sso_not_configured: "Single sign-on is not set up for this team any more. Sign in with your password, or ask your administrator.",
  sso_unknown_connection: "Your identity provider's answer did not come through one of this team's SSO connections. Start again from the sign-in page, or ask your administrator.",
  sso_owner_connection:
    "Owners sign in only through an SSO connection an owner set up, and an admin changed this one. Sign in with your password, then save the connection on the SSO page to approve it.",
  sso_conflict: "Your account could not be matched to exactly one member of this team. Ask your administrator.",
  sso_rejected: "Your identity provider's response was rejected. Try again, or ask your administrator to check the SSO connection.",
  sso_replayed: "That sign-in response was already used. Start again from the sign-in page.",
  sso_invalid_response: "The response from your identity provider could not be read. Try again.",
  sso_invalid_profile: "Your identity provider's answer could not be read. Try again.",
  sso_unavailable: "Single sign-on is temporarily unavailable. Try again in a moment.",
  sso_missing_code: "That sign-in link is incomplete. Start again from your identity provider or the sign-in page.",
};

/** The message for an SSO code, or null when the code is not one of ours. */
export function ssoErrorMessage(code: string): string | null {
  return MESSAGES[code] ?? null;
}
