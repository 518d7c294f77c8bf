// GET /api/oauth/oidc/<key>, minus HTTP: an OpenID provider sends the browser back with a code.
// The key names the connection whose redirect URI it is (oidc-redirect-key.ts); jackson refuses a
// state whose connection has another key before it redeems anything, so a code goes only to the
// token endpoint of the provider that issued it. jackson
// (openid-client) checks the state against the login it started, exchanges the code with the
// PKCE verifier, validates the id_token (issuer, audience, expiry, and the nonce it sent; not its
// signature: openid-client trusts an id_token it received from the token endpoint itself over TLS,
// as OpenID Connect Core §3.1.3.7 allows, so the discovery document's token endpoint is what
// vouches) and reads userinfo; then it issues its own one-time code to the
// redirect URI of that login (next-auth's callback, or the test sign-in's). That code is
// recorded as an OpenID one (code-origin.ts): the connection the login asked for vouches for it.
import type { Db } from "../members/types";
import { issuedCode } from "./code-origin";
import { databaseNow, recordCodeOrigin } from "./code-origin-store";
import { callJackson, SsoError } from "./errors";
import type { Jackson } from "./open-jackson";
import { isOidcRedirectKey } from "./oidc-redirect-key";

export type OidcCallbackOutcome = { kind: "redirect"; location: string } | { kind: "refused"; code: "sso_rejected" | "sso_unavailable"; detail: string };

const FIELDS = ["code", "state", "error", "error_description", "iss", "session_state"] as const;

/** `arrivedKey`: the key in the path the answer came back to; null for the one URI of old. */
export async function handleOidcCallback({ jackson, db }: { jackson: Jackson; db: Db }, query: URLSearchParams, arrivedKey: string | null): Promise<OidcCallbackOutcome> {
  // Connections registered before each had its own URI: their answers cannot be told apart.
  if (arrivedKey === null || !isOidcRedirectKey(arrivedKey)) return { kind: "refused", code: "sso_rejected", detail: "the answer came back to no connection's redirect URI (one registered before each connection had its own?)" };
  const body: Record<string, string> = {};
  for (const key of FIELDS) {
    const v = query.get(key);
    if (v !== null) body[key] = v.slice(0, 4096);
  }
  if (!body.state) return { kind: "refused", code: "sso_rejected", detail: "no state" };
  // Before jackson reads the connection (code-origin-store.ts: a code's issue time).
  const issuedAt = await databaseNow(db);
  try {
    // The patched jackson takes the key as a second argument (patches/).
    const respond = jackson.oauthController.oidcAuthzResponse.bind(jackson.oauthController) as (b: never, key: string) => ReturnType<Jackson["oauthController"]["oidcAuthzResponse"]>;
    const result = await callJackson("finish the OpenID Connect login", () => respond(body as never, arrivedKey));
    if (result.redirect_url) {
      // jackson answers a failed exchange or a token it refused (bad nonce, signature, issuer …)
      // as an OAuth error redirect; next-auth then lands on the sign-in page with an error.
      if (result.error) console.warn(`[oidc] login refused: ${result.error}`);
      // Only a code jackson issued (no error, one code): an error redirect carries whatever the
      // login's redirect_uri held.
      const code = result.error ? null : issuedCode(result.redirect_url);
      if (code) await recordCodeOrigin(db, code, { kind: "oidc" }, new Date(), issuedAt);
      return { kind: "redirect", location: result.redirect_url };
    }
    return { kind: "refused", code: "sso_rejected", detail: result.error ?? "jackson returned nothing" };
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    return { kind: "refused", code: e.kind === "unavailable" ? "sso_unavailable" : "sso_rejected", detail: e.detail ?? e.message };
  }
}
