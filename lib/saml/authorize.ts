// GET /api/oauth/authorize, minus HTTP: next-auth's sign-in redirect, turned into a SAML
// AuthnRequest to the team's IdP.
//
// Only the parameters below reach jackson. In particular a custom `client_id` is dropped, and
// `idp_hint` (which connection of a team with several) passes only after it was checked to be one
// of the requested team's own connections: jackson looks a hint up by itself, whatever the
// tenant, so team A could be asked for while B's IdP answers and signs people into A.
import type { OAuthReqBodyWithTenantProduct } from "@boxyhq/saml-jackson";
import { SAML_PRODUCT, TEST_CALLBACK_PARAM } from "./constants";
import { callJackson, SsoError } from "./errors";
import { spKeyPair, type Jackson } from "./open-jackson";
import { signRedirectBinding } from "./redirect-binding";

export type AuthorizeOutcome =
  | { kind: "redirect"; location: string }
  | { kind: "html"; html: string }
  | { kind: "refused"; code: "sso_not_configured" | "sso_rejected" | "sso_unavailable"; status: number; detail: string };

const TENANT = /^[A-Za-z0-9-]{1,64}$/;

/** jackson parses redirect_uri with `new URL()`; anything it would choke on is the caller's mistake, not an outage. */
function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * jackson keeps a redirect_uri's query in the redirects it builds (its exact match compares only
 * scheme, host, port and path), so one carrying `code=` put a code of the caller's choosing into
 * an error redirect (code-origin.integration.test.ts). Only the test sign-in's own mark may ride along.
 */
function bareCallback(value: string): boolean {
  const url = new URL(value);
  return url.hash === "" && (url.search === "" || url.search === `?${TEST_CALLBACK_PARAM}=1`);
}

export function authorizeParams(query: URLSearchParams): { ok: true; params: OAuthReqBodyWithTenantProduct } | { ok: false; error: string } {
  const get = (k: string) => query.get(k) ?? "";
  const tenant = get("tenant");
  if (!TENANT.test(tenant)) return { ok: false, error: "Missing or invalid tenant" };
  if (get("response_type") !== "code") return { ok: false, error: "response_type must be code" };
  if (!isAbsoluteHttpUrl(get("redirect_uri"))) return { ok: false, error: "redirect_uri must be an absolute http(s) URL" };
  if (!bareCallback(get("redirect_uri"))) return { ok: false, error: "redirect_uri must not carry parameters of its own" };
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
  /** The team's default connection (clientID), for a request that names none. */
  defaultConnection: (teamId: string) => Promise<string | null> = async () => null,
): Promise<AuthorizeOutcome> {
  const parsed = authorizeParams(query);
  if (!parsed.ok) return { kind: "refused", code: "sso_rejected", status: 400, detail: parsed.error };
  const { params } = parsed;
  try {
    const hint = query.get("idp_hint") ?? "";
    const own = await callJackson("start the SSO login", () => jackson.connectionAPIController.getConnections({ tenant: params.tenant, product: SAML_PRODUCT }));
    if (own.length === 0) return { kind: "refused", code: "sso_not_configured", status: 404, detail: "connection not found" };
    // Always named, so the login's profile says which connection it asked for: an OpenID login
    // is vouched for by that one (code-origin.ts).
    if (hint) {
      if (!own.some((c) => c.clientID === hint)) return { kind: "refused", code: "sso_rejected", status: 400, detail: "idp_hint is not one of the team's connections" };
      params.idp_hint = hint;
    } else if (own.length > 1) {
      const fallback = await defaultConnection(params.tenant);
      params.idp_hint = fallback && own.some((c) => c.clientID === fallback) ? fallback : own[0]!.clientID;
    } else {
      params.idp_hint = own[0]!.clientID;
    }
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
