// GET /api/oauth/oidc, minus HTTP: an OpenID provider sends the browser back with a code. jackson
// (openid-client) checks the state against the login it started, exchanges the code with the
// PKCE verifier, validates the id_token (signature from the provider's JWKS, issuer, audience,
// expiry, and the nonce it sent) and reads userinfo; then it issues its own one-time code to the
// redirect URI of that login (next-auth's callback, or the test sign-in's). That code is
// recorded as an OpenID one (code-origin.ts): the connection the login asked for vouches for it.
import type { Db } from "../members/types";
import { issuedCode } from "./code-origin";
import { recordCodeOrigin } from "./code-origin-store";
import { callJackson, SsoError } from "./errors";
import type { Jackson } from "./open-jackson";

export type OidcCallbackOutcome = { kind: "redirect"; location: string } | { kind: "refused"; code: "sso_rejected" | "sso_unavailable"; detail: string };

const FIELDS = ["code", "state", "error", "error_description", "iss", "session_state"] as const;

export async function handleOidcCallback({ jackson, db }: { jackson: Jackson; db: Db }, query: URLSearchParams): Promise<OidcCallbackOutcome> {
  const body: Record<string, string> = {};
  for (const key of FIELDS) {
    const v = query.get(key);
    if (v !== null) body[key] = v.slice(0, 4096);
  }
  if (!body.state) return { kind: "refused", code: "sso_rejected", detail: "no state" };
  try {
    const result = await callJackson("finish the OpenID Connect login", () => jackson.oauthController.oidcAuthzResponse(body as never));
    if (result.redirect_url) {
      // jackson answers a failed exchange or a token it refused (bad nonce, signature, issuer …)
      // as an OAuth error redirect; next-auth then lands on the sign-in page with an error.
      if (result.error) console.warn(`[oidc] login refused: ${result.error}`);
      // Only a code jackson issued (no error, one code): an error redirect carries whatever the
      // login's redirect_uri held.
      const code = result.error ? null : issuedCode(result.redirect_url);
      if (code) await recordCodeOrigin(db, code, { kind: "oidc" });
      return { kind: "redirect", location: result.redirect_url };
    }
    return { kind: "refused", code: "sso_rejected", detail: result.error ?? "jackson returned nothing" };
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    return { kind: "refused", code: e.kind === "unavailable" ? "sso_unavailable" : "sso_rejected", detail: e.detail ?? e.message };
  }
}
