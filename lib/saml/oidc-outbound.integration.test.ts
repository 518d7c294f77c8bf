// The requests the server makes for a team's OpenID connection go through the same fence as
// metadata URLs (outbound-fence.ts), at sign-in as at save. Found as an attacker who may save an
// OIDC connection (a team admin, or the outside IT admin holding a setup link): the discovery URL
// was fenced when saved, but jackson (openid-client) fetched the document again at every sign-in
// and then called its token_endpoint, jwks_uri and userinfo_endpoint, wherever they pointed and
// wherever the provider's name resolved by then, and handed the token endpoint's error text back
// to the browser in the error redirect.
//
// Tests run on loopback, so the fence is told which loopback addresses are the provider's:
// 127.0.0.1 (and ::1) stand for the IdP's public address, 127.0.0.2 for an internal service.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { saveOidcConnection } from "./connections";
import { handleAuthorize } from "./authorize";
import { handleOidcCallback } from "./oidc-callback";
import { redirectKeyOf, startJacksonForTests, TEST_APP_URL, urls, type Harness } from "./testing/jackson-harness";

const IDP_ADDRESSES = new Set(["127.0.0.1", "::1"]);
const isIdpAddress = (address: string) => IDP_ADDRESSES.has(address);
const SECRET = "INTERNAL-SECRET-db-password-hunter2";

/** Where "localhost" resolves for the server's own requests: the IdP, until a test rebinds it. */
let localhostAt = "127.0.0.1";
const dnsLookup = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => {
  if (hostname === "localhost") return callback(null, [{ address: localhostAt, family: 4 }]);
  dns.lookup(hostname, options, callback);
};

let t: TestDatabase;
let h: Harness;
let provider: http.Server;
let origin: string;
/** An internal service: on the provider's port too, so that a rebound "localhost" reaches it. */
let internal: http.Server;
let internalOrigin: string;
const internalRequests: string[] = [];
/** Where the provider's discovery documents send the server-to-server endpoints. */
let serverEndpointsAt: string | null = null;

function listen(server: http.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind, { fence: { allowLoopback: isIdpAddress, dnsLookup } });
  provider = http.createServer((req, res) => {
    const path = req.url ?? "";
    if (!path.includes("/.well-known/")) return answerAsProvider(req, res);
    const issuer = `${origin}${path.replace(/\/\.well-known.*$/, "")}`;
    const server = serverEndpointsAt ?? issuer;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${server}/token`,
        jwks_uri: `${server}/jwks`,
        userinfo_endpoint: `${server}/userinfo`,
        response_types_supported: ["code"],
      }),
    );
  });
  const port = await listen(provider, "127.0.0.1");
  origin = `http://localhost:${port}`;
  internal = http.createServer((req, res) => {
    internalRequests.push(`${req.method} ${req.url}`);
    // What a token endpoint's refusal looks like, so openid-client passes its text on.
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "invalid_grant", error_description: SECRET }));
  });
  await listen(internal, "127.0.0.2", port);
  internalOrigin = `http://127.0.0.2:${port}`;
});
after(async () => {
  provider?.close();
  internal?.close();
  await h?.close();
  await t?.close();
});

/** The honest provider's side of a login: token, JWKS and userinfo, as openid-client expects them. */
const providerKey = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const providerRequests: string[] = [];
/** The nonce of the login in progress (from the authorization request the browser was sent with). */
let expectedNonce = "";
function answerAsProvider(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url ?? "/", origin);
    const issuer = url.href.replace(/\/(token|jwks|userinfo)$/, "");
    const body = new URLSearchParams(Buffer.concat(chunks).toString());
    providerRequests.push(`${req.method} ${url.pathname} ${req.headers.authorization?.split(" ")[0] ?? "-"} ${[...body.keys()].sort().join(",")}`);
    const json = (value: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (url.pathname.endsWith("/jwks")) return json({ keys: [{ ...providerKey.publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" }] });
    if (url.pathname.endsWith("/userinfo")) return json({ sub: "person-1", email: "person@idp.test" });
    if (url.pathname.endsWith("/token")) {
      const now = Math.floor(Date.now() / 1000);
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
      const input = `${b64({ alg: "RS256", kid: "k1", typ: "JWT" })}.${b64({ iss: issuer, aud: "gatehouse", sub: "person-1", email: "person@idp.test", nonce: expectedNonce, iat: now, exp: now + 300 })}`;
      const signature = crypto.sign("sha256", Buffer.from(input), providerKey.privateKey).toString("base64url");
      return json({ access_token: "at-1", token_type: "Bearer", expires_in: 300, id_token: `${input}.${signature}` });
    }
    res.writeHead(404).end();
  });
}

const deps = () => ({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: isIdpAddress });
const discoveryUrl = (path: string) => `${origin}/${path}/.well-known/openid-configuration`;

/** Starts a login for the team's connection and brings the provider's answer back, as the browser would. */
async function signIn(teamId: string) {
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const auth = await handleAuthorize(
    h.jackson,
    new URLSearchParams({ tenant: teamId, response_type: "code", redirect_uri: urls.oauthCallbackUrl, state: "s", code_challenge: challenge, code_challenge_method: "S256" }),
  );
  if (auth.kind !== "redirect") return { auth, callback: null };
  const location = new URL(auth.location);
  if (!location.href.startsWith(origin)) return { auth, callback: null };
  expectedNonce = location.searchParams.get("nonce") ?? "";
  const callback = await handleOidcCallback({ jackson: h.jackson, db: t.db }, new URLSearchParams({ state: location.searchParams.get("state")!, code: "code-from-the-idp" }), redirectKeyOf(location));
  return { auth, callback };
}

it("an honest provider still signs people in: discovery, token and userinfo go through the fence", async () => {
  const team = await createTeam(t.db);
  await saveOidcConnection(deps(), team, { discoveryUrl: discoveryUrl("honest"), clientId: "gatehouse", clientSecret: "s" }, testActor);
  providerRequests.length = 0;
  const { callback } = await signIn(team.id);
  assert.equal(callback?.kind, "redirect", JSON.stringify(callback));
  const back = new URL((callback as { location: string }).location);
  assert.equal(back.searchParams.get("error"), null, back.href);
  assert.ok(back.searchParams.get("code"), back.href);
  // The code exchanged with the client's credentials (client_secret_post) and the PKCE verifier,
  // then userinfo read with the access token. (openid-client 6 takes the id_token from the token
  // endpoint's TLS answer without fetching the JWKS.)
  assert.deepEqual(providerRequests, ["POST /honest/token - client_id,client_secret,code,code_verifier,grant_type,redirect_uri", "GET /honest/userinfo Bearer "]);
});

it("a discovery document that sends the server to an internal address once saved: no request reaches it, nor its answer the browser", async () => {
  serverEndpointsAt = null;
  const team = await createTeam(t.db);
  await saveOidcConnection(deps(), team, { discoveryUrl: discoveryUrl("switch"), clientId: "gatehouse", clientSecret: "s" }, testActor);
  internalRequests.length = 0;
  serverEndpointsAt = internalOrigin;
  try {
    const { auth, callback } = await signIn(team.id);
    assert.deepEqual(internalRequests, [], "the server called the internal service");
    assert.ok(!JSON.stringify({ auth, callback }).includes(SECRET), "the internal answer reached the browser");
    // The login ends as a refused one: an error redirect to the callback, not a code.
    assert.equal(callback?.kind, "redirect", JSON.stringify(callback));
    const back = new URL((callback as { location: string }).location);
    assert.equal(back.searchParams.get("code"), null);
    assert.ok(back.searchParams.get("error"), back.href);
  } finally {
    serverEndpointsAt = null;
  }
});

it("a provider name that resolves to an internal address at sign-in (DNS rebinding) is refused when connecting", async () => {
  const team = await createTeam(t.db);
  await saveOidcConnection(deps(), team, { discoveryUrl: discoveryUrl("rebind"), clientId: "gatehouse", clientSecret: "s" }, testActor);
  internalRequests.length = 0;
  localhostAt = "127.0.0.2";
  try {
    const { auth, callback } = await signIn(team.id);
    assert.deepEqual(internalRequests, [], "the server called the internal service");
    assert.equal(callback, null, "the login went on to the provider");
    assert.ok(!JSON.stringify(auth).includes(SECRET));
  } finally {
    localhostAt = "127.0.0.1";
  }
});

it("saving refuses a discovery document whose server-to-server endpoints are not https on a public host", async () => {
  const team = await createTeam(t.db);
  const cases: [string, RegExp][] = [
    [internalOrigin, /token_endpoint .*private or local address/],
    ["https://169.254.169.254/latest/meta-data", /token_endpoint .*private or local address/],
    ["http://169.254.169.254/latest/meta-data", /token_endpoint .*must start with https:\/\//],
    ["https://10.0.0.7", /token_endpoint .*private or local address/],
    ["http://op.example.com", /token_endpoint .*must start with https:\/\//],
  ];
  for (const [at, message] of cases) {
    serverEndpointsAt = at;
    internalRequests.length = 0;
    try {
      await assert.rejects(saveOidcConnection(deps(), team, { discoveryUrl: discoveryUrl(`save-${crypto.randomUUID()}`), clientId: `app-${crypto.randomUUID()}`, clientSecret: "s" }, testActor), message, at);
    } finally {
      serverEndpointsAt = null;
    }
    assert.deepEqual(internalRequests, []);
  }
  assert.equal(await t.db.ssoConnection.count({ where: { teamId: team.id } }), 0);
});
