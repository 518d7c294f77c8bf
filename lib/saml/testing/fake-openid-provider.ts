// A fake OpenID provider that checks what a real one (Okta, Entra ID) checks: registered clients
// with secrets and exact redirect URIs, codes bound to their client, redirect_uri, PKCE challenge
// and nonce, client authentication at the token endpoint, signed id_tokens, userinfo. A person
// signed in at it is simulated by authorizeAs(url, user). And CodeCatcher, an attacker's
// "provider" whose token endpoint keeps every code it is sent. Both listen on a free port.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

export type OpUser = { sub: string; email: string; email_verified?: boolean; given_name?: string; family_name?: string; [k: string]: unknown };
type Client = { secret: string; redirectUris: string[] };
type CodeRec = { clientId: string; redirectUri: string; challenge: string; method: string; nonce?: string; user: OpUser; used: boolean };

export class FakeOp {
  server!: http.Server;
  origin = "";
  clients = new Map<string, Client>();
  codes = new Map<string, CodeRec>();
  tokens = new Map<string, OpUser>();
  key = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  tokenRequests: Record<string, string>[] = [];
  /** Override of the discovery document (e.g. another issuer). */
  discoveryOverride: Record<string, unknown> = {};
  /** Send RFC 9207 iss in the authorization response. */
  sendIss = false;

  async start() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.origin = await listen(this.server);
    return this;
  }
  close() {
    this.server?.close();
  }
  get discoveryUrl() {
    return `${this.origin}/.well-known/openid-configuration`;
  }
  register(clientId: string, secret: string, redirectUris: string[]) {
    this.clients.set(clientId, { secret, redirectUris });
  }

  /** The browser of a user signed in at this OP visits an authorization URL: returns where it is sent. */
  authorizeAs(authUrl: string, user: OpUser): string {
    const u = new URL(authUrl);
    const p = u.searchParams;
    const client = this.clients.get(p.get("client_id") ?? "");
    if (!client) throw new Error(`unknown client ${p.get("client_id")}`);
    const redirectUri = p.get("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri)) throw new Error(`redirect_uri not registered: ${redirectUri}`);
    const code = crypto.randomBytes(16).toString("hex");
    this.codes.set(code, {
      clientId: p.get("client_id")!,
      redirectUri,
      challenge: p.get("code_challenge") ?? "",
      method: p.get("code_challenge_method") ?? "plain",
      nonce: p.get("nonce") ?? undefined,
      user,
      used: false,
    });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    if (p.get("state")) back.searchParams.set("state", p.get("state")!);
    if (this.sendIss) back.searchParams.set("iss", this.origin);
    return back.href;
  }

  private json(res: http.ServerResponse, status: number, value: unknown) {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.origin);
      if (url.pathname === "/.well-known/openid-configuration") {
        return this.json(res, 200, {
          issuer: this.origin,
          authorization_endpoint: `${this.origin}/auth`,
          token_endpoint: `${this.origin}/token`,
          jwks_uri: `${this.origin}/jwks`,
          userinfo_endpoint: `${this.origin}/userinfo`,
          response_types_supported: ["code"],
          code_challenge_methods_supported: ["S256"],
          ...(this.sendIss && { authorization_response_iss_parameter_supported: true }),
          ...this.discoveryOverride,
        });
      }
      if (url.pathname === "/jwks") return this.json(res, 200, { keys: [{ ...this.key.publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" }] });
      if (url.pathname === "/userinfo") {
        const at = (req.headers.authorization ?? "").replace(/^Bearer /, "");
        const user = this.tokens.get(at);
        return user ? this.json(res, 200, user) : this.json(res, 401, { error: "invalid_token" });
      }
      if (url.pathname === "/token") {
        const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        this.tokenRequests.push(body);
        let clientId = body.client_id;
        let secret = body.client_secret;
        const basic = req.headers.authorization?.match(/^Basic (.+)$/);
        if (basic) {
          const [id, s] = Buffer.from(basic[1], "base64").toString().split(":").map(decodeURIComponent);
          clientId = id;
          secret = s;
        }
        const client = this.clients.get(clientId ?? "");
        if (!client || client.secret !== secret) return this.json(res, 401, { error: "invalid_client" });
        const rec = this.codes.get(body.code ?? "");
        if (!rec || rec.used || rec.clientId !== clientId || rec.redirectUri !== body.redirect_uri) return this.json(res, 400, { error: "invalid_grant" });
        const expected = rec.method === "S256" ? crypto.createHash("sha256").update(body.code_verifier ?? "").digest("base64url") : body.code_verifier;
        if (!rec.challenge || expected !== rec.challenge) return this.json(res, 400, { error: "invalid_grant", error_description: "PKCE" });
        rec.used = true;
        const now = Math.floor(Date.now() / 1000);
        const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
        const claims = { iss: this.origin, aud: clientId, iat: now, exp: now + 300, ...(rec.nonce && { nonce: rec.nonce }), ...rec.user };
        const input = `${b64({ alg: "RS256", kid: "k1", typ: "JWT" })}.${b64(claims)}`;
        const sig = crypto.sign("sha256", Buffer.from(input), this.key.privateKey).toString("base64url");
        const at = crypto.randomBytes(16).toString("hex");
        this.tokens.set(at, rec.user);
        return this.json(res, 200, { access_token: at, token_type: "Bearer", expires_in: 300, id_token: `${input}.${sig}` });
      }
      res.writeHead(404).end();
    });
  }
}

/** The attacker's "provider": a discovery document and a token endpoint that keeps every code it is sent. */
export class CodeCatcher {
  server!: http.Server;
  origin = "";
  caught: Record<string, string>[] = [];
  issuer: string | null = null;
  async start() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", this.origin);
        if (url.pathname === "/.well-known/openid-configuration") {
          res.writeHead(200, { "content-type": "application/json" });
          return res.end(
            JSON.stringify({
              issuer: this.issuer ?? this.origin,
              authorization_endpoint: `${this.origin}/auth`,
              token_endpoint: `${this.origin}/token`,
              jwks_uri: `${this.origin}/jwks`,
              response_types_supported: ["code"],
            }),
          );
        }
        if (url.pathname === "/token") {
          this.caught.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())));
          res.writeHead(400, { "content-type": "application/json" });
          return res.end(JSON.stringify({ error: "temporarily_unavailable" }));
        }
        res.writeHead(404).end();
      });
    });
    this.origin = await listen(this.server);
    return this;
  }
  get discoveryUrl() {
    return `${this.origin}/.well-known/openid-configuration`;
  }
  close() {
    this.server?.close();
  }
}
