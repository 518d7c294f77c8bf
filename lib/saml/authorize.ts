// GET /api/oauth/authorize, minus HTTP: next-auth's sign-in redirect, turned into a SAML
// AuthnRequest to the team's IdP.
//
// Only the parameters below reach jackson. In particular `idp_hint` and a custom `client_id`
// are dropped: with them, a caller could ask for team A (tenant) while jackson resolves the
// connection of team B's IdP, and B's IdP would then sign people into A.
import type { OAuthReqBodyWithTenantProduct } from "@boxyhq/saml-jackson";
import { SAML_PRODUCT } from "./constants";
import { callJackson, SsoError } from "./errors";
import { spKeyPair, type Jackson } from "./open-jackson";
import { signRedirectBinding } from "./redirect-binding";

export type AuthorizeOutcome =
  | { kind: "redirect"; location: string }
  | { kind: "html"; html: string }
  | { kind: "refused"; code: "sso_not_configured" | "sso_rejected" | "sso_unavailable"; status: number; detail: string };

const TENANT = /^[A-Za-z0-9-]{1,64}$/;

export function authorizeParams(query: URLSearchParams): { ok: true; params: OAuthReqBodyWithTenantProduct } | { ok: false; error: string } {
  const get = (k: string) => query.get(k) ?? "";
  const tenant = get("tenant");
  if (!TENANT.test(tenant)) return { ok: false, error: "Missing or invalid tenant" };
  if (get("response_type") !== "code") return { ok: false, error: "response_type must be code" };
  const method = get("code_challenge_method");
  const params: OAuthReqBodyWithTenantProduct = {
    client_id: "dummy",
    tenant,
    product: SAML_PRODUCT,
    response_type: "code",
    redirect_uri: get("redirect_uri"),
    state: get("state"),
    scope: get("scope"),
    code_challenge: get("code_challenge"),
    code_challenge_method: method === "S256" || method === "plain" ? method : "",
  };
  return { ok: true, params };
}

/**
 * `spPrivateKey` signs the redirect binding (jackson's SP key by default, the one its metadata
 * publishes).
 */
export async function handleAuthorize(
  jackson: Jackson,
  query: URLSearchParams,
  spPrivateKey: () => Promise<string> = async () => (await spKeyPair()).privateKey,
): Promise<AuthorizeOutcome> {
  const parsed = authorizeParams(query);
  if (!parsed.ok) return { kind: "refused", code: "sso_rejected", status: 400, detail: parsed.error };
  const { params } = parsed;
  try {
    const result = await callJackson("start the SAML login", () => jackson.oauthController.authorize(params));
    if (result.error) return { kind: "refused", code: "sso_rejected", status: 400, detail: result.error };
    if (result.authorize_form) return { kind: "html", html: result.authorize_form };
    if (result.redirect_url) {
      // An error jackson answers as a redirect to our own callback carries no SAMLRequest and is left alone.
      const location = new URL(result.redirect_url).searchParams.has("SAMLRequest") ? signRedirectBinding(result.redirect_url, await spPrivateKey()) : result.redirect_url;
      return { kind: "redirect", location };
    }
    return { kind: "refused", code: "sso_rejected", status: 400, detail: "jackson returned nothing" };
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    if (e.kind === "unavailable") return { kind: "refused", code: "sso_unavailable", status: 503, detail: e.detail ?? e.message };
    const notFound = /connection not found/i.test(e.detail ?? "");
    return { kind: "refused", code: notFound ? "sso_not_configured" : "sso_rejected", status: e.status, detail: e.detail ?? e.message };
  }
}
