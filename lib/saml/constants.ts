// Fixed names and paths of the SAML integration. Jackson keys every connection by tenant + product:
// the tenant is the team id (stable when a slug is renamed), the product is always this one.
export const SAML_PRODUCT = "gatehouse";

/** Jackson's assertion consumer service (ACS), where IdPs POST SAMLResponses. */
export const ACS_PATH = "/api/oauth/saml";
/** Where the SP metadata XML is served for IdP admins to download or fetch. */
export const SP_METADATA_PATH = "/api/saml/metadata";
/** next-auth's callback for the SP-initiated flow (provider id "boxyhq-saml"). */
export const OAUTH_CALLBACK_PATH = "/api/auth/callback/boxyhq-saml";
/** Where OpenID providers send the browser back with a code (jackson's oidcPath), followed by
 * the connection's key (oidc-redirect-key.ts): each connection has its own redirect URI. */
export const OIDC_CALLBACK_PATH = "/api/oauth/oidc";
/** The redirect URI to register for an OpenID connection of a team at a discovery URL. */
export const oidcRedirectUrlFor = (origin: string, key: string) => `${origin.replace(/\/+$/, "")}${OIDC_CALLBACK_PATH}/${key}`;
/**
 * A test sign-in comes back to next-auth's callback path, marked with this parameter, and is
 * handled before next-auth sees it (app/api/auth/[...nextauth]/route.ts). Not a path of its own:
 * with exact redirect matching, jackson 26.2 honours only the first of a connection's redirect
 * URLs (allowed.redirect returns after the first), and it compares paths, not query strings.
 */
export const TEST_CALLBACK_PARAM = "sso_test";
export const isTestCallback = (url: URL) => url.pathname === OAUTH_CALLBACK_PATH && url.searchParams.get(TEST_CALLBACK_PARAM) === "1";
/** Where jackson sends IdP-initiated logins (with a one-time code) to finish signing in. */
export const IDP_LANDING_PATH = "/login/sso/idp";

export const SAML_PROVIDER_ID = "boxyhq-saml";
export const SAML_IDP_PROVIDER_ID = "saml-idp";

export type SpUrls = {
  acsUrl: string;
  /** SP Entity ID, which is also the audience every assertion must name. */
  entityId: string;
  metadataUrl: string;
  oauthCallbackUrl: string;
  idpLandingUrl: string;
  /** Where each OpenID connection's redirect URI starts (oidcRedirectUrlFor adds its key). */
  oidcRedirectBase: string;
  testCallbackUrl: string;
};

/** The SP values for an app served at `origin` (no trailing slash). */
export function spUrls(origin: string): SpUrls {
  const base = origin.replace(/\/+$/, "");
  return {
    acsUrl: `${base}${ACS_PATH}`,
    entityId: `${base}${SP_METADATA_PATH}`,
    metadataUrl: `${base}${SP_METADATA_PATH}`,
    oauthCallbackUrl: `${base}${OAUTH_CALLBACK_PATH}`,
    idpLandingUrl: `${base}${IDP_LANDING_PATH}`,
    oidcRedirectBase: `${base}${OIDC_CALLBACK_PATH}/`,
    testCallbackUrl: `${base}${OAUTH_CALLBACK_PATH}?${TEST_CALLBACK_PARAM}=1`,
  };
}
