// A real OpenID provider (the `oidc-provider` package) for the e2e tests, started by the spec in
// the Playwright worker. Served on http://localhost:<port>: jackson's OIDC client allows plain
// http only for the host name "localhost" (it listens on every address, so IPv4 or IPv6 localhost both work). Any login is accepted; the login typed is the
// account's email, and consent is granted at once (its "skip consent" recipe).
import http from "node:http";
import Provider from "oidc-provider";

export type OidcServer = { issuer: string; discoveryUrl: string; clientId: string; clientSecret: string; close(): Promise<void> };

export async function startOidcProvider(opts: { port: number; redirectUri: string }): Promise<OidcServer> {
  const issuer = `http://localhost:${opts.port}`;
  const clientId = "gatehouse-e2e";
  const clientSecret = "e2e-client-secret-0123456789abcdef";
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [opts.redirectUri], response_types: ["code"], grant_types: ["authorization_code"] }],
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
    features: { devInteractions: { enabled: true } },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(opts.port, resolve));
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
