// What a team changes of its SSO connections (a connection deleted, another certificate) ends the
// logins in flight of that team only: a stranger's team connecting a customer's IdP (its metadata
// is public, so the stranger's connection verifies the customer's answers too) and then deleting
// it must not refuse the customer's people's logins (found by review of an earlier version, which
// forgot every code a deleted connection had verified).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, it } from "node:test";
import { useDatabaseForTests } from "../db/client";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { createMember, createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { deleteTeamConnection, saveSamlConnection } from "./connections";
import { addTeamDomain, verifyTeamDomain } from "./team-domains";
import { CLIENT_SECRET, startJacksonForTests, TEST_APP_URL, urls, type Harness } from "./testing/jackson-harness";
import { handleAuthorize } from "./authorize";
import { handleSamlResponse } from "./acs";
import { redeemLoginCode } from "./redeem-login-code";
import { fetchProfile } from "./oauth-client";
import { signInWithSamlProfile } from "./sign-in";

let t: TestDatabase;
let h: Harness;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
  h = await startJacksonForTests(t.db, t.kind);
});
after(async () => {
  await h?.close();
  await t?.close();
});
const deps = () => ({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: false });

it("a stranger's team deleting its copy of the victim's IdP connection refuses the victim's in-flight logins", async () => {
  const victim = await createTeam(t.db);
  const domain = `${victim.slug}.test`;
  const ann = await createMember(t.db, victim.id, { email: `ann@${domain}` });
  const idp = new TestIdp(`https://idp.test/${victim.slug}`, `https://idp.test/${victim.slug}/sso`, generateKeyPair("victim"));
  const victimConnection = await saveSamlConnection(deps(), victim, { kind: "xml", xml: idp.metadataXml() }, testActor, { label: "Corp IdP" });
  const d = await addTeamDomain(t.db, victim.id, domain, testActor);
  await verifyTeamDomain(t.db, victim.id, d.id, { kind: "manual" }, testActor);

  // The stranger: a team of their own, one admin, the victim's public metadata as its connection.
  const stranger = await createTeam(t.db);
  const eve = await createMember(t.db, stranger.id, { email: `eve@evil-${stranger.slug}.test`, role: "ADMIN" });
  const asEve = { type: "user" as const, userId: eve.userId, label: eve.email, mayManageOwners: false, standing: { teamId: stranger.id, role: "ADMIN" as const } };
  const copy = await saveSamlConnection(deps(), stranger, { kind: "xml", xml: idp.metadataXml() }, asEve, { label: "copy" });

  // Ann's SP-initiated login: the IdP answered, the code is not yet redeemed.
  const verifier = crypto.randomBytes(32).toString("base64url");
  const authorize = await handleAuthorize(h.jackson, new URLSearchParams({
    tenant: victim.id, response_type: "code", redirect_uri: urls.oauthCallbackUrl, state: "s",
    code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", idp_hint: victimConnection.clientID,
  }));
  const toIdp = new URL((authorize as { location: string }).location);
  const request = TestIdp.parseAuthnRequest(toIdp.searchParams.get("SAMLRequest")!);
  const response = idp.buildResponse({ acsUrl: urls.acsUrl, audience: urls.entityId, inResponseTo: request.id, email: ann.email });
  const acs = await handleSamlResponse({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL }, { SAMLResponse: response, RelayState: toIdp.searchParams.get("RelayState")! });
  assert.equal(acs.kind, "redirect", JSON.stringify(acs));
  const code = new URL((acs as { location: string }).location).searchParams.get("code")!;
  assert.ok(await t.db.ssoLoginHandoff.findFirst({ where: { clientId: { contains: copy.clientID } } }), "the stranger's connection verified the customer's answer too");

  // Eve deletes her own connection.
  await deleteTeamConnection(deps(), stranger.id, copy.id, asEve);

  const { tokens, origin } = await redeemLoginCode(h.jackson, t.db, { code, redirectUri: urls.oauthCallbackUrl, codeVerifier: verifier, clientSecret: CLIENT_SECRET });
  const result = await signInWithSamlProfile(t.db, await fetchProfile(h.jackson, tokens.access_token), origin);
  assert.equal(result.ok, true, JSON.stringify(result));
});
