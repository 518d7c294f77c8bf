// A login code's origin (code-origin.ts) cannot be rewritten. Found by a review as an attacker: a
// team's SAML IdP A (trusted for a.test only) answered a login asked for the team's OpenID
// connection B, then an OpenID login whose redirect_uri carried A's code in its query ended in an
// error redirect that relabelled the code as an OpenID one, vouched for by B: A signed in b.test's
// owner. Each of three guards stops it alone: authorize refuses a redirect_uri with parameters of
// its own, the OpenID callback records only codes jackson issued, and a code's record is written once.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { createMember, createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { saveOidcConnection, saveSamlConnection } from "./connections";
import { addTeamDomain, setDomainConnection, verifyTeamDomain } from "./team-domains";
import { handleAuthorize } from "./authorize";
import { handleSamlResponse } from "./acs";
import { handleOidcCallback } from "./oidc-callback";
import { redeemLoginCode } from "./redeem-login-code";
import { recordCodeOrigin, takeCodeOrigin } from "./code-origin-store";
import { fetchProfile } from "./oauth-client";
import { signInWithSamlProfile } from "./sign-in";
import { startDiscoveryServer } from "./testing/discovery-server";
import { CLIENT_SECRET, pkcePair, redirectKeyOf, startJacksonForTests, TEST_APP_URL, urls, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
let op: Awaited<ReturnType<typeof startDiscoveryServer>>;
let origin: string;

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
  op = await startDiscoveryServer({ host: "localhost" });
  origin = op.origin;
});
after(async () => {
  op?.close();
  await h?.close();
  await t?.close();
});

const deps = () => ({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: true });


/** Team T: OpenID connection B for b.test, SAML connection A (the attacker's IdP) for a.test, an owner on b.test. */
async function twoConnections() {
  const team = await createTeam(t.db);
  const b = await saveOidcConnection(deps(), team, { discoveryUrl: `${origin}/op/.well-known/openid-configuration`, clientId: "gh", clientSecret: "s" }, testActor, { label: "B" });
  const aIdp = new TestIdp(`https://idp-a.test/${team.slug}`, `https://idp-a.test/sso`, generateKeyPair("a"));
  const a = await saveSamlConnection(deps(), team, { kind: "xml", xml: aIdp.metadataXml() }, testActor, { label: "A" });
  for (const [domain, connection] of [[`a-${team.slug}.test`, a], [`b-${team.slug}.test`, b]] as const) {
    const d = await addTeamDomain(t.db, team.id, domain, testActor);
    await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
    await setDomainConnection(t.db, team.id, d.id, connection.id, testActor);
  }
  const victimEmail = `ceo@b-${team.slug}.test`;
  await createMember(t.db, team.id, { email: victimEmail, role: "OWNER" });
  // A login asked for B (an OpenID session, whose id is B's clientID), answered by A.
  const p = pkcePair();
  const auth = await handleAuthorize(
    h.jackson,
    new URLSearchParams({ tenant: team.id, response_type: "code", redirect_uri: urls.oauthCallbackUrl, state: "s1", code_challenge: p.challenge, code_challenge_method: "S256", idp_hint: b.clientID }),
  );
  assert.equal(auth.kind, "redirect", JSON.stringify(auth));
  const relayState = new URL((auth as { location: string }).location).searchParams.get("state")!;
  const samlResponse = aIdp.buildResponse({ acsUrl: urls.acsUrl, audience: urls.entityId, inResponseTo: b.clientID, email: victimEmail });
  const acs = await handleSamlResponse({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL }, { SAMLResponse: samlResponse, RelayState: relayState });
  assert.equal(acs.kind, "redirect", JSON.stringify(acs));
  const code = new URL((acs as { location: string }).location).searchParams.get("code")!;
  return { team, a, b, code, verifier: p.verifier };
}

/** An OpenID login whose provider answers with an error, its redirect_uri carrying `code` (jackson itself, past authorize.ts). */
async function plantThroughErrorRedirect(teamId: string, bClientId: string, code: string) {
  const started = await h.jackson.oauthController.authorize({
    client_id: "dummy",
    tenant: teamId,
    product: "gatehouse",
    response_type: "code",
    redirect_uri: `${urls.oauthCallbackUrl}?code=${encodeURIComponent(code)}`,
    state: "s2",
    scope: "",
    code_challenge: "",
    code_challenge_method: "",
    idp_hint: bClientId,
  } as never);
  const toProvider = new URL(started.redirect_url!);
  return handleOidcCallback({ jackson: h.jackson, db: t.db }, new URLSearchParams({ state: toProvider.searchParams.get("state")!, error: "access_denied" }), redirectKeyOf(toProvider));
}

it("authorize refuses a redirect_uri that carries parameters of its own", async () => {
  const { team, b, code } = await twoConnections();
  const out = await handleAuthorize(
    h.jackson,
    new URLSearchParams({ tenant: team.id, response_type: "code", redirect_uri: `${urls.oauthCallbackUrl}?code=${encodeURIComponent(code)}`, state: "s2", idp_hint: b.clientID }),
  );
  assert.equal(out.kind, "refused");
  // The test sign-in's own mark is the one parameter a callback may carry.
  const test = await handleAuthorize(h.jackson, new URLSearchParams({ tenant: team.id, response_type: "code", redirect_uri: urls.testCallbackUrl, state: "s3", idp_hint: b.clientID }));
  assert.equal(test.kind, "redirect", JSON.stringify(test));
});

it("an OpenID error redirect records nothing, and a recorded code cannot be relabelled: A does not sign in b.test's owner", async () => {
  const { team, b, code, verifier } = await twoConnections();
  const cb = await plantThroughErrorRedirect(team.id, b.clientID, code);
  assert.equal(cb.kind, "redirect");
  // Nor for a code without a record: an error redirect's code is not one jackson issued.
  await plantThroughErrorRedirect(team.id, b.clientID, "a-code-nobody-recorded");
  assert.equal(await takeCodeOrigin(t.db, "a-code-nobody-recorded"), null);
  const { tokens, origin: codeOrigin } = await redeemLoginCode(h.jackson, t.db, { code, redirectUri: urls.oauthCallbackUrl, codeVerifier: verifier, clientSecret: CLIENT_SECRET });
  assert.equal(codeOrigin?.kind, "saml");
  const result = await signInWithSamlProfile(t.db, await fetchProfile(h.jackson, tokens.access_token), codeOrigin);
  assert.deepEqual(result, { ok: false, reason: "domain_not_verified" });
});

it("a code's origin is written once: a second record for it is refused and the first kept", async () => {
  const first = { kind: "saml" as const, verifiedBy: [{ teamId: "t", clientId: "a" }] };
  await recordCodeOrigin(t.db, "once-only-code", first);
  await assert.rejects(recordCodeOrigin(t.db, "once-only-code", { kind: "oidc" }));
  const { issuedAt, ...taken } = (await takeCodeOrigin(t.db, "once-only-code"))!;
  assert.deepEqual(taken, first);
  assert.ok(issuedAt instanceof Date);
});
