// A stand-in OpenID provider for tests: its discovery document, one per path (one provider per
// OIDC connection). `issuerOrigin` names the issuer it claims (its own address by default).
import http from "node:http";
import type { AddressInfo } from "node:net";

export async function startDiscoveryServer(options: { issuerOrigin?: string; host?: string } = {}): Promise<{ origin: string; close: () => void }> {
  let origin = "";
  const server = http.createServer((req, res) => {
    const issuer = `${options.issuerOrigin ?? origin}${req.url?.replace(/\/\.well-known.*$/, "")}`;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ["code"] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  origin = `http://${options.host ?? "127.0.0.1"}:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => server.close() };
}
