// A login being redeemed while one of its team's SSO connections is deleted or given another
// certificate: the change ends the sessions its connection opened, in its transaction, but a
// sign-in that read the team before the change committed (or took its code's origin then) waited
// for the team's lock and, after the commit, opened a session nothing ended (found by review). A
// session opens only while no change of the team's connections came after its code was issued
// (Team.ssoChangedAt, checked by the session's insert under the team's share lock).
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember, createTeam, testActor } = await import("../testing/factories");
const { heldTransaction, untilBlocked } = await import("../testing/postgres-locks");
const { generateKeyPair } = await import("../../e2e/idp/keys");
const { TestIdp } = await import("../../e2e/idp/test-idp");
const { deleteTeamConnection, saveSamlConnection } = await import("./connections");
const { addTeamDomain, verifyTeamDomain } = await import("./team-domains");
const { startJacksonForTests, TEST_APP_URL, urls, CLIENT_SECRET } = await import("./testing/jackson-harness");
const { handleAuthorize } = await import("./authorize");
const { handleSamlResponse } = await import("./acs");
const { redeemLoginCode } = await import("./redeem-login-code");
const { fetchProfile } = await import("./oauth-client");
const { signInWithSamlProfile } = await import("./sign-in");
const { sessionCallbacks } = await import("../auth/session-callbacks");
const { useDatabaseForTests } = await import("../db/client");
type Db = typeof t.db;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

let h: Awaited<ReturnType<typeof startJacksonForTests>>;
before(async () => {
  useDatabaseForTests(t.db);
  h = await startJacksonForTests(t.db, t.kind);
});
after(() => h?.close());

const deps = (db: Db) => ({ jackson: h.jackson, db, appUrl: TEST_APP_URL, allowLoopbackFetch: false });
const inside = (tx: Tx): Db => new Proxy(tx, { get: (target, p) => (p === "$transaction" ? (fn: (tx: Tx) => unknown) => fn(tx) : Reflect.get(target, p)) }) as unknown as Db;

async function behind(held: ReturnType<typeof heldTransaction>, write: () => Promise<unknown>): Promise<unknown> {
  await held.held;
  let done = false;
  const outcome = write().then((v) => v, (e: unknown) => e);
  void outcome.finally(() => (done = true));
  await untilBlocked(admin, await held.pid, 1, () => done);
  held.release();
  await held.committed;
  return outcome;
}

/** A code the IdP answered (ACS done), not yet redeemed. */
async function mintCode(teamId: string, idp: InstanceType<typeof TestIdp>, clientID: string, email: string) {
  const verifier = crypto.randomBytes(32).toString("base64url");
  const authorize = await handleAuthorize(h.jackson, new URLSearchParams({
    tenant: teamId, response_type: "code", redirect_uri: urls.oauthCallbackUrl, state: "s",
    code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", idp_hint: clientID,
  }));
  assert.equal(authorize.kind, "redirect");
  const toIdp = new URL((authorize as { location: string }).location);
  const request = TestIdp.parseAuthnRequest(toIdp.searchParams.get("SAMLRequest")!);
  const response = idp.buildResponse({ acsUrl: urls.acsUrl, audience: urls.entityId, inResponseTo: request.id, email });
  const acs = await handleSamlResponse({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL }, { SAMLResponse: response, RelayState: toIdp.searchParams.get("RelayState")! });
  assert.equal(acs.kind, "redirect", JSON.stringify(acs));
  return { code: new URL((acs as { location: string }).location).searchParams.get("code")!, verifier };
}

/** next-auth's jwt callback for the sign-in (options.ts builds the user so): it must open no session. */
async function noSession(result: any, teamId: string, person: { userId: string; email: string }) {
  if (!result?.ok) return;
  await assert.rejects(sessionFor(result, teamId, person), /changed since its answer/);
}

async function sessionFor(result: any, teamId: string, person: { userId: string; email: string }) {
  useDatabaseForTests(t.db);
  const user = { id: person.userId, email: person.email, samlTeamId: teamId, samlTeamOnly: result.teamOnly, samlConnectionClientId: result.connectionClientId, samlCodeIssuedAt: result.codeIssuedAt?.toISOString() };
  const token = await sessionCallbacks.jwt({ token: {}, user, account: null, trigger: "signIn" } as never);
  return token.sid as string;
}

async function setup(twoConnections: boolean) {
  const team = await createTeam(t.db);
  const domain = `${team.slug}.test`;
  const owner = await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
  const ann = await createMember(t.db, team.id, { email: `ann@${domain}` });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const idp = (name: string) => new TestIdp(`https://${name}.idp.test/${team.slug}`, `https://${name}.idp.test/${team.slug}/sso`, generateKeyPair(name));
  const adminsIdp = idp("admins");
  const adminsConnection = await saveSamlConnection(deps(t.db), team, { kind: "xml", xml: adminsIdp.metadataXml() }, testActor, { label: "Admin's" });
  if (twoConnections) await saveSamlConnection(deps(t.db), team, { kind: "xml", xml: idp("owners").metadataXml() }, asOwner, { label: "Owner's" });
  const d = await addTeamDomain(t.db, team.id, domain, testActor);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
  return { team, owner, ann, asOwner, adminsIdp, adminsConnection };
}

it("a login redeemed just before an owner deletes the connection opens no session", async () => {
  assert.equal(t.kind, "postgres");
  const { team, ann, asOwner, adminsIdp, adminsConnection } = await setup(true);
  const { code, verifier } = await mintCode(team.id, adminsIdp, adminsConnection.clientID, ann.email);
  // The callback redeems the code (jackson's token exchange, its origin taken) ...
  const { tokens, origin } = await redeemLoginCode(h.jackson, t.db, { code, redirectUri: urls.oauthCallbackUrl, codeVerifier: verifier, clientSecret: CLIENT_SECRET });
  const profile = await fetchProfile(h.jackson, tokens.access_token);
  // ... while the owner's deletion runs (its transaction holds the team while jackson deletes).
  const held = heldTransaction(t.db, (tx) => deleteTeamConnection(deps(inside(tx)), team.id, adminsConnection.id, asOwner));
  const result: any = await behind(held, () => signInWithSamlProfile(t.db, profile, origin));
  assert.equal(await t.db.ssoConnection.count({ where: { clientId: adminsConnection.clientID } }), 0, "the connection is deleted");
  await noSession(result, team.id, ann);
});

it("the team's last connection deleted while a code is redeemed: no session", async () => {
  assert.equal(t.kind, "postgres");
  const { team, ann, asOwner, adminsIdp, adminsConnection } = await setup(false);
  const { code, verifier } = await mintCode(team.id, adminsIdp, adminsConnection.clientID, ann.email);
  const held = heldTransaction(t.db, (tx) => deleteTeamConnection(deps(inside(tx)), team.id, adminsConnection.id, asOwner));
  const outcome: any = await behind(held, async () => {
    const { tokens, origin } = await redeemLoginCode(h.jackson, t.db, { code, redirectUri: urls.oauthCallbackUrl, codeVerifier: verifier, clientSecret: CLIENT_SECRET });
    return signInWithSamlProfile(t.db, await fetchProfile(h.jackson, tokens.access_token), origin);
  });
  assert.equal(await t.db.ssoConnection.count({ where: { teamId: team.id } }), 0, "no connection left");
  await noSession(outcome, team.id, ann);
});

it("an owner replaces a compromised certificate: a code the old key earned, redeemed while the save commits, opens no session", async () => {
  assert.equal(t.kind, "postgres");
  const { team, ann, asOwner, adminsIdp, adminsConnection } = await setup(true);
  const { code, verifier } = await mintCode(team.id, adminsIdp, adminsConnection.clientID, ann.email);
  const replaced = new TestIdp(adminsIdp.entityId, `https://admins.idp.test/${team.slug}/sso`, generateKeyPair("replacement"));
  const held = heldTransaction(t.db, (tx) =>
    saveSamlConnection(deps(inside(tx)), team, { kind: "xml", xml: replaced.metadataXml() }, asOwner, { connectionId: adminsConnection.id, label: "Admin's" }),
  );
  const outcome: any = await behind(held, async () => {
    const { tokens, origin } = await redeemLoginCode(h.jackson, t.db, { code, redirectUri: urls.oauthCallbackUrl, codeVerifier: verifier, clientSecret: CLIENT_SECRET });
    return signInWithSamlProfile(t.db, await fetchProfile(h.jackson, tokens.access_token), origin);
  });
  await noSession(outcome, team.id, ann);
});
