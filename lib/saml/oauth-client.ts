// next-auth's side of jackson's OAuth code flow, called in-process instead of over HTTP: the
// server never has to reach its own public URL (which behind a proxy or in a container it often
// cannot), and jackson's answers arrive as values, not as HTTP errors to parse.
import type { OAuthTokenRes, Profile } from "@boxyhq/saml-jackson";
import { callJackson } from "./errors";
import type { Jackson } from "./open-jackson";

export function exchangeCode(
  jackson: Jackson,
  input: { code: string; redirectUri: string; codeVerifier?: string; clientSecret: string },
): Promise<OAuthTokenRes> {
  const body = input.codeVerifier
    ? { code: input.code, grant_type: "authorization_code" as const, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier }
    : { code: input.code, grant_type: "authorization_code" as const, redirect_uri: input.redirectUri, client_id: "dummy", client_secret: input.clientSecret };
  return callJackson("exchange the sign-in code", () => jackson.oauthController.token(body));
}

export function fetchProfile(jackson: Jackson, accessToken: string): Promise<Profile> {
  return callJackson("read the signed-in profile", () => jackson.oauthController.userInfo(accessToken));
}
