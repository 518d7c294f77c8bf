// A real OpenID provider (the `oidc-provider` package) for the e2e tests, started by the spec in
// the Playwright worker. Served on http://localhost:<port>: jackson's OIDC client allows plain
// http only for the host name "localhost" (it listens on every address, so IPv4 or IPv6 localhost both work). Any login is accepted; the login typed is the
// account's email, and consent is granted at once (its "skip consent" recipe). Each connection
// has its own redirect URI, so a test registers a client for the URI the form shows (dynamic
// client registration, RFC 7591), as an admin registers an app at their provider.
import http from "node:http";
import Provider from "oidc-provider";

export type OidcClient = { clientId: string; clientSecret: string };
export type OidcServer = { issuer: string; discoveryUrl: string; registerClient(redirectUri: string): Promise<OidcClient>; close(): Promise<void> };

export async function startOidcProvider(opts: { port: number }): Promise<OidcServer> {
  const issuer = `http://localhost:${opts.port}`;
  const provider = new Provider(issuer, {
    clients: [],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["given_name", "family_name", "name"] },
    async findAccount(_ctx, id) {
      const local = id.split("@")[0] ?? id;
      const [given, family] = local.split(".");
      const cap = (s?: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : undefined);
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: true, given_name: cap(given), family_name: cap(family), name: [cap(given), cap(family)].filter(Boolean).join(" ") };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true }, registration: { enabled: true } },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(opts.port, resolve));
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    async registerClient(redirectUri) {
      const res = await fetch(`${issuer}/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: [redirectUri], response_types: ["code"], grant_types: ["authorization_code"] }),
      });
      if (!res.ok) throw new Error(`client registration: ${res.status} ${await res.text()}`);
      const client = (await res.json()) as { client_id: string; client_secret: string };
      return { clientId: client.client_id, clientSecret: client.client_secret };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
