// An OAuth mix-up across teams (found by review): every OpenID connection shared one redirect URI
// and jackson chose the connection by state alone. A stranger whose connection's provider is her
// own server started a login for the customer's team (its state, PKCE challenge and nonce in the
// authorization URL) and one for her own, sent the customer's signed-in person a genuine link to
// the customer's provider carrying HER state, and the person's code came back and was redeemed at
// HER token endpoint; replayed with the customer's state in her browser, it signed her in as that
// person. Each connection now has its own redirect URI and the callback refuses a state of another
// connection before redeeming anything. The provider here checks what Okta or Entra ID check
// (exact redirect URI, client, PKCE, nonce).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { createMember, createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { handleAuthorize } from "./authorize";
import { saveOidcConnection } from "./connections";
import { oidcRedirectUrlFor } from "./constants";
import { fetchProfile } from "./oauth-client";
import { handleOidcCallback } from "./oidc-callback";
import { oidcRedirectKey } from "./oidc-redirect-key";
import { redeemLoginCode } from "./redeem-login-code";
import { signInWithSamlProfile } from "./sign-in";
import { addTeamDomain, setDomainConnection, verifyTeamDomain } from "./team-domains";
import { CLIENT_SECRET, pkcePair, redirectKeyOf, startJacksonForTests, TEST_APP_URL, urls, type Harness } from "./testing/jackson-harness";
import { CodeCatcher, FakeOp } from "./testing/fake-openid-provider";

let t: TestDatabase;
let h: Harness;
let op: FakeOp;
let evil: CodeCatcher;

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
  op = await new FakeOp().start();
  evil = await new CodeCatcher().start();
});
after(async () => {
  op?.close();
  evil?.close();
  await h?.close();
  await t?.close();
});

const deps = () => ({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: true });

/** Starts a login for the team (next-auth's part: its state and PKCE); returns the URL to the provider. */
async function startLogin(teamId: string, nextAuthState: string, challenge: string) {
  const auth = await handleAuthorize(
    h.jackson,
    new URLSearchParams({ tenant: teamId, response_type: "code", redirect_uri: urls.oauthCallbackUrl, state: nextAuthState, code_challenge: challenge, code_challenge_method: "S256" }),
  );
  assert.equal(auth.kind, "redirect", JSON.stringify(auth));
  return new URL((auth as { location: string }).location);
}

/** The customer (team A: its provider, an owner on its verified domain) and the stranger's team B. */
async function customerAndStranger() {
  const teamA = await createTeam(t.db);
  const clientId = `acme-app-${teamA.slug}`;
  // Registered as the admin does: the URI the form shows for this team and discovery URL.
  op.register(clientId, "acme-secret", [oidcRedirectUrlFor(TEST_APP_URL, oidcRedirectKey(teamA.id, op.discoveryUrl))]);
  const connA = await saveOidcConnection(deps(), teamA, { discoveryUrl: op.discoveryUrl, clientId, clientSecret: "acme-secret" }, testActor);
  const domain = `acme-${teamA.slug}.test`;
  const d = await addTeamDomain(t.db, teamA.id, domain, testActor);
  await verifyTeamDomain(t.db, teamA.id, d.id, { kind: "manual" }, testActor);
  await setDomainConnection(t.db, teamA.id, d.id, connA.id, testActor);
  const person = { sub: `ceo-${teamA.slug}`, email: `ceo@${domain}`, email_verified: true, given_name: "Cee", family_name: "Eo" };
  await createMember(t.db, teamA.id, { email: person.email, role: "OWNER" });
  const teamB = await createTeam(t.db);
  await saveOidcConnection(deps(), teamB, { discoveryUrl: evil.discoveryUrl, clientId: "eve-app", clientSecret: "eve-secret" }, testActor);
  return { teamA, teamB, person };
}

it("a customer's provider's answer carrying another connection's state is refused before any code is redeemed", async () => {
  const { teamA, teamB, person } = await customerAndStranger();
  const toCustomer = await startLogin(teamA.id, "eve-next-auth-state", pkcePair().challenge);
  const stateB = (await startLogin(teamB.id, "whatever", pkcePair().challenge)).searchParams.get("state")!;
  // The genuine link the stranger sends: the customer's provider, client and redirect URI, her state.
  const link = new URL(toCustomer);
  link.searchParams.set("state", stateB);
  const back = new URL(op.authorizeAs(link.href, person));
  evil.caught.length = 0;
  const outcome = await handleOidcCallback({ jackson: h.jackson, db: t.db }, back.searchParams, back.pathname.split("/").pop()!);
  assert.equal(outcome.kind, "refused", JSON.stringify(outcome));
  assert.deepEqual(evil.caught, [], "no code reached the stranger's token endpoint");
  // Her own connection's URI is not one the customer's provider sends codes to.
  link.searchParams.set("redirect_uri", oidcRedirectUrlFor(TEST_APP_URL, oidcRedirectKey(teamB.id, evil.discoveryUrl)));
  assert.throws(() => op.authorizeAs(link.href, person), /redirect_uri not registered/);
});

it("the same provider's answer to its own connection's login signs the person in", async () => {
  const { teamA, person } = await customerAndStranger();
  const nextAuth = pkcePair();
  const toCustomer = await startLogin(teamA.id, "own-state", nextAuth.challenge);
  assert.equal(new URL(toCustomer.searchParams.get("redirect_uri")!).pathname, `/api/oauth/oidc/${oidcRedirectKey(teamA.id, op.discoveryUrl)}`);
  const back = new URL(op.authorizeAs(toCustomer.href, person));
  const outcome = await handleOidcCallback({ jackson: h.jackson, db: t.db }, back.searchParams, redirectKeyOf(toCustomer));
  assert.equal(outcome.kind, "redirect", JSON.stringify(outcome));
  const onward = new URL((outcome as { location: string }).location);
  assert.equal(onward.searchParams.get("state"), "own-state");
  const { tokens, origin } = await redeemLoginCode(h.jackson, t.db, { code: onward.searchParams.get("code")!, redirectUri: urls.oauthCallbackUrl, codeVerifier: nextAuth.verifier, clientSecret: CLIENT_SECRET });
  const result = await signInWithSamlProfile(t.db, await fetchProfile(h.jackson, tokens.access_token), origin);
  assert.equal(result.ok && result.user.email, person.email);
});

it("the one redirect URI of old refuses every answer, redeeming nothing", async () => {
  const { teamA, person } = await customerAndStranger();
  const toCustomer = await startLogin(teamA.id, "old-uri", pkcePair().challenge);
  const back = new URL(op.authorizeAs(toCustomer.href, person));
  const before = op.tokenRequests.length;
  const outcome = await handleOidcCallback({ jackson: h.jackson, db: t.db }, back.searchParams, null);
  assert.equal(outcome.kind, "refused", JSON.stringify(outcome));
  assert.equal(op.tokenRequests.length, before, "no code was redeemed");
});
