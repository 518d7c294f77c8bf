// jackson makes its OpenID requests (discovery document, token endpoint, JWKS, userinfo) from
// this server, at every sign-in through a team's OpenID connection, to whatever the connection's
// discovery document names then. It builds its openid-client configuration in one function,
// oidcClientConfig (dist/controller/oauth/oidc-client.js), called by authorize, the OpenID
// callback and IdP-initiated logins alike, with a fetch of its own: plain http(s).request, no
// address check, no time or size limit, and a rewrite of *.projects.oryapis:8080 to
// http://hydra-public. We replace that function, on jackson's own module object (its callers read
// it from there at every call), with one whose every request goes through our fence
// (outbound-fence.ts). oidc-outbound.integration.test.ts proves it on real sign-ins; if an
// upgrade of jackson moves the function, installing fails and jackson does not start.
import { fencedFetch, type CustomFetch, type FencePolicy } from "./outbound-fence";

type OidcClientArgs = {
  discoveryUrl?: string;
  metadata?: { issuer: string } & Record<string, unknown>;
  clientId: string;
  clientSecret: string;
  ssoTraces?: { instance?: { saveTrace?: (trace: { error: string; context: unknown }) => unknown }; context?: unknown };
};

/** The parts of openid-client v6 used here: jackson's own copy, so that its symbols and classes match. */
type OpenIdClient = {
  customFetch: symbol;
  allowInsecureRequests: (config: unknown) => void;
  discovery: (server: URL, clientId: string, metadata: string, auth: undefined, options: Record<string | symbol, unknown>) => Promise<unknown>;
  Configuration: new (server: unknown, clientId: string, metadata: string) => Record<symbol, unknown>;
};

type OidcClientModule = { oidcClientConfig: (args: OidcClientArgs) => Promise<unknown> };
type UtilsModule = { dynamicImport: (name: string) => Promise<OpenIdClient> };

/** The CommonJS exports object itself (an ESM import of CommonJS gives it as `default`). */
const exportsOf = <T>(mod: unknown): T => ((mod as { default?: T }).default ?? mod) as T;

export function fencedOidcClientConfig(policy: FencePolicy, openidClient: () => Promise<OpenIdClient>) {
  return async ({ discoveryUrl, metadata, clientId, clientSecret, ssoTraces }: OidcClientArgs): Promise<unknown> => {
    const client = await openidClient();
    const base = fencedFetch(policy);
    const fetch: CustomFetch = (url, options) =>
      base(url, options).catch((e: unknown) => {
        void Promise.resolve(ssoTraces?.instance?.saveTrace?.({ error: `Fetch failed for OIDC IdP endpoint: ${url}`, context: ssoTraces.context })).catch(() => {});
        throw e;
      });
    if (!discoveryUrl && !metadata) throw new Error('Neither "discoveryUrl" nor "metadata" set for the OIDC provider');
    const server = new URL(discoveryUrl ?? metadata!.issuer);
    // Plain http only to a provider on this machine, while the fence lets this server call loopback
    // at all (development, tests); the fence still checks the address connected to.
    const insecure = server.hostname === "localhost" && policy.allowLoopback !== false;
    if (discoveryUrl) {
      return client.discovery(server, clientId, clientSecret, undefined, {
        [client.customFetch]: fetch,
        ...(insecure && { execute: [client.allowInsecureRequests] }),
      });
    }
    const config = new client.Configuration(metadata, clientId, clientSecret);
    config[client.customFetch] = fetch;
    if (insecure) client.allowInsecureRequests(config);
    return config;
  };
}

/**
 * Routes jackson's OpenID requests through the fence, for the whole process (there is one jackson
 * module); call before jackson handles a request. Throws when jackson's code is not as expected.
 */
export async function installOidcFence(policy: FencePolicy): Promise<void> {
  const oidcClient = exportsOf<OidcClientModule>(
    await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "@boxyhq/saml-jackson/dist/controller/oauth/oidc-client.js"),
  );
  const utils = exportsOf<UtilsModule>(await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "@boxyhq/saml-jackson/dist/controller/utils.js"));
  if (typeof oidcClient?.oidcClientConfig !== "function" || typeof utils?.dynamicImport !== "function") {
    throw new Error("@boxyhq/saml-jackson changed: its OpenID client cannot be fenced (lib/saml/jackson-oidc-fence.ts)");
  }
  const fenced = fencedOidcClientConfig(policy, () => utils.dynamicImport("openid-client"));
  oidcClient.oidcClientConfig = fenced;
  if (oidcClient.oidcClientConfig !== fenced) throw new Error("jackson's OpenID client could not be fenced");
}
