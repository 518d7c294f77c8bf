// Saving a connection (SAML or OIDC) that is refused changes nothing: not jackson's record, not
// our row, not the test status, no audit. jackson upserts by tenant + IdP (entity ID, or OIDC
// client ID), so every check runs before it is called and a failure after it undoes what it
// stored. An accepted edit that changes who the IdP is resets the connection's test, audited.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import type { OIDCSSORecord, SAMLSSORecord } from "@boxyhq/saml-jackson";
import { Prisma } from "../db/generated/client";
import { createMember, createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { listTeamConnections, recordConnectionTested, saveOidcConnection, saveSamlConnection } from "./connections";
import { SAML_PRODUCT } from "./constants";
import type { Jackson } from "./open-jackson";
import { addTeamDomain, verifyTeamDomain } from "./team-domains";
import { saveConnectionMapping } from "./connection-settings";
import { startDiscoveryServer } from "./testing/discovery-server";
import { idpLogin, postResponse, spLogin, startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
let op: Awaited<ReturnType<typeof startDiscoveryServer>>;
let origin: string;

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
  // Providers claiming https://op.test issuers (jackson does not fetch the document on save).
  op = await startDiscoveryServer({ issuerOrigin: "https://op.test" });
  origin = op.origin;
});
after(async () => {
  op?.close();
  await h?.close();
  await t?.close();
});

const deps = (jackson: Jackson = h.jackson) => ({ jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: true });
const genuineKeys = generateKeyPair("genuine-idp");
const attackerKeys = generateKeyPair("attacker-idp");

async function records(teamId: string) {
  return (await h.jackson.connectionAPIController.getConnections({ tenant: teamId, product: SAML_PRODUCT })) as (SAMLSSORecord & OIDCSSORecord)[];
}
const auditCount = (teamId: string) => t.db.auditEvent.count({ where: { teamId, action: "saml.connection_changed" } });

/** What a refused save must leave exactly as it was. */
async function snapshot(teamId: string) {
  return {
    records: (await records(teamId)).map((r) => ({ clientID: r.clientID, idp: r.idpMetadata ?? null, oidc: r.oidcProvider ?? null })).sort((a, b) => a.clientID.localeCompare(b.clientID)),
    rows: await t.db.ssoConnection.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
    audits: await auditCount(teamId),
  };
}

/** A team with JIT on, a verified domain and one tested SAML connection from `idp`. */
async function samlTeam(label = "Genuine") {
  const team = await createTeam(t.db);
  await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
  const domain = `${team.slug}.example.test`;
  const d = await addTeamDomain(t.db, team.id, domain, testActor);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
  const idp = new TestIdp(`https://idp.test/${team.slug}`, `https://idp.test/${team.slug}/sso`, genuineKeys);
  const conn = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, testActor, { label });
  await recordConnectionTested(t.db, team.id, conn.id, { email: `admin@${domain}`, actor: testActor });
  return { team, domain, idp, conn };
}

describe("a refused SAML save changes nothing", () => {
  it("a new connection with an existing connection's entity ID and another certificate: refused, the genuine IdP still signs in, the attacker's does not", async () => {
    const { team, domain, idp, conn } = await samlTeam();
    const before = await snapshot(team.id);
    const attacker = new TestIdp(idp.entityId, `https://evil.test/sso`, attackerKeys);
    await assert.rejects(
      saveSamlConnection(deps(), team, { kind: "xml", xml: attacker.metadataXml() }, testActor, { label: "Dup" }),
      /already connected as “Genuine”. Edit that connection instead/,
    );
    assert.deepEqual(await snapshot(team.id), before, "jackson's record, our rows and the audit log unchanged");
    const forged = await spLogin(h, t.db, team.id, attacker, { email: `mallory@${domain}` }, { idp_hint: conn.clientID });
    assert.equal(forged.acs.kind, "refused", JSON.stringify(forged.acs));
    const genuine = await spLogin(h, t.db, team.id, idp, { email: `alice@${domain}` }, { idp_hint: conn.clientID });
    assert.equal(genuine.result?.ok, true, JSON.stringify(genuine.result));
  });

  it("an edit naming an unknown connection: refused, no jackson connection made, nothing adopted, its IdP signs nobody in", async () => {
    const { team, domain } = await samlTeam();
    const before = await snapshot(team.id);
    const other = new TestIdp(`https://other.idp.test/${team.slug}`, `https://other.idp.test/sso`, attackerKeys);
    await assert.rejects(
      saveSamlConnection(deps(), team, { kind: "xml", xml: other.metadataXml() }, testActor, { connectionId: crypto.randomUUID() }),
      /That connection no longer exists/,
    );
    assert.equal((await listTeamConnections(deps(), team.id)).length, 1, "nothing for the page to adopt");
    assert.deepEqual(await snapshot(team.id), before);
    const login = await idpLogin(h, t.db, other, { email: `mallory@${domain}` });
    assert.equal(login.acs.kind, "refused", JSON.stringify(login.acs));
  });

  it("an edit naming another team's connection: refused, neither team changed", async () => {
    const mine = await samlTeam();
    const theirs = await samlTeam();
    const [beforeMine, beforeTheirs] = [await snapshot(mine.team.id), await snapshot(theirs.team.id)];
    const other = new TestIdp(`https://other.idp.test/${mine.team.slug}`, `https://other.idp.test/sso`, attackerKeys);
    await assert.rejects(
      saveSamlConnection(deps(), mine.team, { kind: "xml", xml: other.metadataXml() }, testActor, { connectionId: theirs.conn.id }),
      /That connection no longer exists/,
    );
    assert.deepEqual(await snapshot(mine.team.id), beforeMine);
    assert.deepEqual(await snapshot(theirs.team.id), beforeTheirs);
  });

  it("an edit moving a connection onto another connection's entity ID: refused, that connection keeps its certificate", async () => {
    const { team, idp } = await samlTeam();
    const second = new TestIdp(`https://second.idp.test/${team.slug}`, `https://second.idp.test/sso`, genuineKeys);
    const secondConn = await saveSamlConnection(deps(), team, { kind: "xml", xml: second.metadataXml() }, testActor, { label: "Second" });
    const before = await snapshot(team.id);
    const attacker = new TestIdp(idp.entityId, `https://evil.test/sso`, attackerKeys);
    await assert.rejects(
      saveSamlConnection(deps(), team, { kind: "xml", xml: attacker.metadataXml() }, testActor, { connectionId: secondConn.id }),
      /already connected as “Genuine”/,
    );
    assert.deepEqual(await snapshot(team.id), before);
  });

  it("a save for a team deleted meanwhile leaves no jackson connection behind", async () => {
    const gone = { id: crypto.randomUUID(), name: "Deleted team" };
    const idp = new TestIdp(`https://idp.test/${gone.id}`, `https://idp.test/${gone.id}/sso`, genuineKeys);
    await assert.rejects(saveSamlConnection(deps(), gone, { kind: "xml", xml: idp.metadataXml() }, testActor));
    assert.deepEqual(await records(gone.id), []);
  });

  it("a failure after jackson stored the new IdP undoes it: the old connection stays as it was", async () => {
    const { team, domain, idp, conn } = await samlTeam();
    const before = await snapshot(team.id);
    // jackson's database drops the connection once, as the replaced record is being deleted.
    let failures = 1;
    const failingDelete = {
      ...h.jackson,
      connectionAPIController: new Proxy(h.jackson.connectionAPIController, {
        get: (target, key, receiver) =>
          key === "deleteConnections" && failures-- > 0 ? async () => Promise.reject(new Error("connection lost")) : Reflect.get(target, key, receiver),
      }),
    } as Jackson;
    const next = new TestIdp(`https://next.idp.test/${team.slug}`, `https://next.idp.test/sso`, attackerKeys);
    await assert.rejects(saveSamlConnection(deps(failingDelete), team, { kind: "xml", xml: next.metadataXml() }, testActor, { connectionId: conn.id }));
    assert.deepEqual(await snapshot(team.id), before, "the new record is gone, the row and its test unchanged, nothing audited");
    assert.equal((await idpLogin(h, t.db, next, { email: `mallory@${domain}` })).acs.kind, "refused");
    assert.equal((await idpLogin(h, t.db, idp, { email: `alice@${domain}` })).result?.ok, true);
  });
});

describe("an accepted SAML edit", () => {
  it("a new certificate for the same entity ID: the test is reset (Require SSO needs a new one) and the change audited", async () => {
    const { team, domain, idp, conn } = await samlTeam();
    const rolled = new TestIdp(idp.entityId, idp.ssoUrl, attackerKeys);
    const saved = await saveSamlConnection(deps(), team, { kind: "xml", xml: rolled.metadataXml() }, testActor, { connectionId: conn.id, label: "Genuine" });
    assert.equal(saved.id, conn.id);
    assert.equal(saved.clientID, conn.clientID);
    assert.equal(saved.testedAt, null, "a new certificate has not been tested");
    const [event] = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: "saml.connection_changed" }, orderBy: { createdAt: "desc" }, take: 1 });
    assert.deepEqual(
      { change: (event?.details as { change?: string }).change, idpChanged: (event?.details as { idpChanged?: string[] }).idpChanged },
      { change: "connection_updated", idpChanged: ["certificate"] },
    );
    assert.equal((await idpLogin(h, t.db, rolled, { email: `alice@${domain}` })).result?.ok, true);
    assert.equal((await idpLogin(h, t.db, idp, { email: `bob@${domain}` })).acs.kind, "refused");
  });

  it("the same metadata again (a new label): the test stands, the change is audited", async () => {
    const { team, idp, conn } = await samlTeam();
    const audits = await auditCount(team.id);
    const saved = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, testActor, { connectionId: conn.id, label: "Renamed" });
    assert.equal(saved.label, "Renamed");
    assert.notEqual(saved.testedAt, null);
    assert.equal(await auditCount(team.id), audits + 1);
  });
});

describe("OIDC saves", () => {
  const oidc = (path: string, clientId: string, clientSecret: string) => ({ discoveryUrl: `${origin}/${path}/.well-known/openid-configuration`, clientId, clientSecret });

  async function oidcTeam() {
    const team = await createTeam(t.db);
    const conn = await saveOidcConnection(deps(), team, oidc("genuine", "gatehouse-app", "s3cret"), testActor, { label: "Genuine OP" });
    await recordConnectionTested(t.db, team.id, conn.id, { email: "admin@example.test", actor: testActor });
    return { team, conn };
  }

  it("a new connection with an existing connection's client ID: refused, the existing one keeps its provider and secret", async () => {
    const { team } = await oidcTeam();
    const before = await snapshot(team.id);
    await assert.rejects(saveOidcConnection(deps(), team, oidc("evil", "gatehouse-app", "attacker"), testActor, { label: "Dup" }), /already connected as “Genuine OP”/);
    assert.deepEqual(await snapshot(team.id), before);
  });

  // jackson keys a SAML record by its entity ID and an OpenID one by its client ID, alike: an
  // OpenID client ID equal to the team's (public) SAML entity ID overwrote the SAML connection in
  // jackson, then the save failed and rolled back our row and audit, silently deleting the owner's
  // connection even while Require SSO forbids deleting it (found by review).
  it("an OpenID client ID that is the team's SAML entity ID, new or as an edit of that connection: refused, the SAML connection untouched", async () => {
    const { team, idp, conn } = await samlTeam("Okta");
    const before = await snapshot(team.id);
    for (const connectionId of [undefined, conn.id]) {
      await assert.rejects(saveOidcConnection(deps(), team, oidc("evil", idp.entityId, "x"), testActor, { connectionId }), /is the entity ID of the connection “Okta”/);
      assert.deepEqual(await snapshot(team.id), before);
    }
    assert.equal((await spLogin(h, t.db, team.id, idp, { email: `ann@${team.slug}.example.test` })).result?.ok, true, "the SAML connection still signs people in");
  });

  it("a SAML entity ID that is an OpenID connection's client ID: refused, the OpenID connection untouched", async () => {
    const { team } = await oidcTeam();
    const before = await snapshot(team.id);
    const idp = new TestIdp("gatehouse-app", `https://idp.test/${team.slug}/sso`, genuineKeys);
    await assert.rejects(saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, testActor, { label: "Same key" }), /is the client ID of the connection “Genuine OP”/);
    assert.deepEqual(await snapshot(team.id), before);
  });

  it("an edit naming an unknown connection: refused, nothing made", async () => {
    const { team } = await oidcTeam();
    const before = await snapshot(team.id);
    await assert.rejects(saveOidcConnection(deps(), team, oidc("other", "other-app", "x"), testActor, { connectionId: crypto.randomUUID() }), /That connection no longer exists/);
    assert.deepEqual(await snapshot(team.id), before);
  });

  it("a new client secret: accepted, the test is reset and the change audited", async () => {
    const { team, conn } = await oidcTeam();
    const saved = await saveOidcConnection(deps(), team, oidc("genuine", "gatehouse-app", "rotated"), testActor, { connectionId: conn.id, label: "Genuine OP" });
    assert.equal(saved.id, conn.id);
    assert.equal(saved.testedAt, null);
    const [event] = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: "saml.connection_changed" }, orderBy: { createdAt: "desc" }, take: 1 });
    assert.deepEqual((event?.details as { idpChanged?: string[] }).idpChanged, ["client_secret"]);
  });
});

// An IdP's entity ID is public, and Entra's is its tenant's (https://sts.windows.net/<tenant>/),
// the same for every app there. jackson refused one that another team's connection already named,
// so a stranger's team saving a customer's entity ID first (with a certificate of its own) kept
// that customer from ever connecting its IdP, and one Entra tenant could not serve two teams
// (found by review). Each connection is trusted only through its own certificate (acs.ts), so the
// same entity ID in several teams is safe; jackson's check is patched out (patches/).
describe("one entity ID in several teams", () => {
  /** A customer's team: its connection to `idp`, and a verified domain. */
  async function customerOf(idp: TestIdp) {
    const team = await createTeam(t.db);
    const connection = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, testActor);
    const domain = `${team.slug}.test`;
    const d = await addTeamDomain(t.db, team.id, domain, testActor);
    await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
    return { team, domain, connection };
  }

  it("a stranger's team naming a customer's entity ID first neither blocks the customer nor signs anyone in there", async () => {
    const entityId = `https://sts.windows.net/${crypto.randomUUID()}/`;
    const genuine = new TestIdp(entityId, "https://login.microsoftonline.com/tenant/saml2", generateKeyPair("genuine"));
    const squatter = new TestIdp(entityId, "https://squatter.test/sso", generateKeyPair("squatter"));
    const stranger = await createTeam(t.db);
    await saveSamlConnection(deps(), stranger, { kind: "xml", xml: squatter.metadataXml() }, testActor);

    const { team: customer, domain } = await customerOf(genuine);
    const ada = await createMember(t.db, customer.id, { email: `ada@${domain}` });

    const sp = await spLogin(h, t.db, customer.id, genuine, { email: ada.email });
    assert.equal(sp.result?.ok && sp.result.user.id, ada.userId, `SP-initiated: ${JSON.stringify(sp.acs)}`);
    const idp = await idpLogin(h, t.db, genuine, { email: ada.email });
    assert.equal(idp.result?.ok && idp.result.user.id, ada.userId, `IdP-initiated, the connection told by its certificate: ${JSON.stringify(idp.acs)}`);

    for (const forged of [await spLogin(h, t.db, customer.id, squatter, { email: ada.email }), await idpLogin(h, t.db, squatter, { email: ada.email })]) {
      assert.notEqual(forged.result?.ok, true, `the stranger's key signs nobody in to the customer's team: ${JSON.stringify(forged.result)}`);
    }
  });

  // Public metadata holds the certificate too: a copy verifies the genuine responses, so counting
  // every connection that verified refused the customer's tile logins as ambiguous (found by review).
  it("a stranger's team copying a customer's whole metadata neither refuses the customer's tile logins nor hears of them", async () => {
    const genuine = new TestIdp(`https://sts.windows.net/${crypto.randomUUID()}/`, "https://login.microsoftonline.com/tenant/saml2", generateKeyPair("copied"));
    const { team: customer, domain, connection: saved } = await customerOf(genuine);
    await recordConnectionTested(t.db, customer.id, saved.id, { email: `it@${domain}`, actor: testActor });
    const ada = await createMember(t.db, customer.id, { email: `ada@${domain}` });
    const stranger = await createTeam(t.db);
    await saveSamlConnection(deps(), stranger, { kind: "xml", xml: genuine.metadataXml() }, testActor);

    const tile = await idpLogin(h, t.db, genuine, { email: ada.email });
    assert.equal(tile.result?.ok && tile.result.user.id, ada.userId, JSON.stringify(tile.acs));
    const replayed = await postResponse(h, t.db, tile.samlResponse, "");
    assert.equal(replayed.acs.kind === "refused" && replayed.acs.reason, "replayed");
    assert.equal(await t.db.auditEvent.count({ where: { teamId: stranger.id, action: "member.login_refused" } }), 0, "the stranger's team hears nothing of the customer's logins");
    assert.equal(await t.db.ssoSignInRefusal.count({ where: { teamId: stranger.id } }), 0);
    assert.equal(await t.db.auditEvent.count({ where: { teamId: customer.id, action: "member.login_refused" } }), 1);
    // A NameID naming no domain cannot tell whose: refused, though the customer's connection was
    // tested (a guest of the IdP on the stranger's domain could pass a test of the copy too).
    const opaque = await idpLogin(h, t.db, genuine, { email: ada.email, nameId: crypto.randomBytes(16).toString("hex") });
    assert.equal(opaque.acs.kind === "refused" && opaque.acs.reason, "several_connections", JSON.stringify(opaque.acs));
  });

  // The stranger's own mapping must not get the address back into its records either (found by review).
  it("a login started for a copy whose email mapping names nothing records no address of the customer's person", async () => {
    const genuine = new TestIdp(`https://sts.windows.net/${crypto.randomUUID()}/`, "https://login.microsoftonline.com/tenant/saml2", generateKeyPair("mapped away"));
    const { team: customer, domain } = await customerOf(genuine);
    const stranger = await createTeam(t.db);
    const copy = await saveSamlConnection(deps(), stranger, { kind: "xml", xml: genuine.metadataXml() }, testActor);
    await saveConnectionMapping(t.db, { teamId: stranger.id, clientId: copy.clientID, mapping: { email: "no-such-attribute" }, syncRoleAndGroups: false }, testActor);
    for (const person of [`ada@${domain}`, `bob@eu.${domain}`]) {
      const login = await spLogin(h, t.db, stranger.id, genuine, { email: person, attributes: { jobTitle: "CFO" } });
      assert.notEqual(login.result?.ok, true);
    }
    assert.equal(await t.db.ssoConnectionSettings.count({ where: { teamId: stranger.id, lastAssertion: { not: Prisma.DbNull } } }), 0);
    const told = JSON.stringify([await t.db.auditEvent.findMany({ where: { teamId: stranger.id } }), await t.db.ssoSignInRefusal.findMany({ where: { teamId: stranger.id } })]);
    assert.doesNotMatch(told, /ada@|bob@/);
  });

  it("a team's own person whose assertion names another team's address (a manager) is recorded as ever", async () => {
    const idp = new TestIdp(`https://idp.test/${crypto.randomUUID()}`, "https://idp.test/sso", generateKeyPair("own person"));
    const other = await createTeam(t.db);
    const od = await addTeamDomain(t.db, other.id, `${other.slug}.test`, testActor);
    await verifyTeamDomain(t.db, other.id, od.id, { kind: "manual" }, testActor);
    const team = await createTeam(t.db);
    await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, testActor);
    const d = await addTeamDomain(t.db, team.id, `${team.slug}.test`, testActor);
    await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
    const grace = await createMember(t.db, team.id, { email: `grace@${team.slug}.test` });
    const login = await spLogin(h, t.db, team.id, idp, { email: grace.email, attributes: { manager: `boss@${other.slug}.test` } });
    assert.equal(login.result?.ok, true);
    assert.equal(await t.db.ssoConnectionSettings.count({ where: { teamId: team.id, lastAssertion: { not: Prisma.DbNull } } }), 1);
  });

  // Rolled over: the IdP signs with a new certificate, which a stranger's copy has first.
  it("a stranger's copy alone verifying (the IdP's new certificate) neither takes the customer's tile logins nor records their people", async () => {
    const entityId = `https://sts.windows.net/${crypto.randomUUID()}/`;
    const before = new TestIdp(entityId, "https://login.microsoftonline.com/tenant/saml2", generateKeyPair("old certificate"));
    const after = new TestIdp(entityId, "https://login.microsoftonline.com/tenant/saml2", generateKeyPair("new certificate"));
    const { team: customer, domain } = await customerOf(before);
    const ada = await createMember(t.db, customer.id, { email: `ada@${domain}` });
    const stranger = await createTeam(t.db);
    await saveSamlConnection(deps(), stranger, { kind: "xml", xml: after.metadataXml() }, testActor);

    // Only the copy verifies, so the login goes to its team, which cannot sign Ada in nor keep her data.
    for (const email of [ada.email, `Ada Lovelace <${ada.email}>`]) {
      const tile = await idpLogin(h, t.db, after, { email, nameId: email === ada.email ? undefined : crypto.randomBytes(16).toString("hex"), attributes: { jobTitle: "CFO" } });
      assert.notEqual(tile.result?.ok, true, JSON.stringify(tile.result));
    }
    assert.equal(await t.db.ssoConnectionSettings.count({ where: { teamId: stranger.id, lastAssertion: { not: Prisma.DbNull } } }), 0, "no assertion of the customer's people recorded in the stranger's team");
    const told = JSON.stringify([await t.db.auditEvent.findMany({ where: { teamId: stranger.id } }), await t.db.ssoSignInRefusal.findMany({ where: { teamId: stranger.id } })]);
    assert.doesNotMatch(told, /ada@/, "nor her address");
  });

  // A connection of a stranger's team naming the customer's entity ID with its own certificate
  // verifies none of the customer's responses: it must not make their tile logins ambiguous.
  it("a stranger's connection with its own certificate leaves the customer's tile logins alone, opaque NameIDs included", async () => {
    const entityId = `https://sts.windows.net/${crypto.randomUUID()}/`;
    const genuine = new TestIdp(entityId, "https://login.microsoftonline.com/tenant/saml2", generateKeyPair("own tile"));
    const { team: customer, domain } = await customerOf(genuine);
    const ada = await createMember(t.db, customer.id, { email: `ada@${domain}` });
    const stranger = await createTeam(t.db);
    await saveSamlConnection(deps(), stranger, { kind: "xml", xml: new TestIdp(entityId, "https://stranger.test/sso", generateKeyPair("stranger's own")).metadataXml() }, testActor);
    const opaque = await idpLogin(h, t.db, genuine, { email: ada.email, nameId: crypto.randomBytes(16).toString("hex") });
    assert.equal(opaque.result?.ok && opaque.result.user.id, ada.userId, JSON.stringify(opaque.acs));
  });

  // With a copy of the customer's connection, a login started for the stranger's team (its
  // "Continue with SSO" fed an address on its own domain) goes to the customer's IdP, which signs
  // in whoever is signed in there: the customer's person, whose attributes the stranger's team
  // recorded, and whose address its refusal named (found by review).
  it("a login started for a stranger's copy that brings back one of the customer's people records nothing of them there", async () => {
    const genuine = new TestIdp(`https://sts.windows.net/${crypto.randomUUID()}/`, "https://login.microsoftonline.com/tenant/saml2", generateKeyPair("phished"));
    const { team: customer, domain } = await customerOf(genuine);
    const stranger = await createTeam(t.db);
    await saveSamlConnection(deps(), stranger, { kind: "xml", xml: genuine.metadataXml() }, testActor);

    const login = await spLogin(h, t.db, stranger.id, genuine, { email: `ada@${domain}`, attributes: { jobTitle: "CFO" } });
    assert.deepEqual(login.result, { ok: false, reason: "domain_not_verified" });
    assert.equal(await t.db.ssoConnectionSettings.count({ where: { teamId: stranger.id, lastAssertion: { not: Prisma.DbNull } } }), 0, "nothing the customer's IdP said about Ada is kept in the stranger's team");
    const told = JSON.stringify([
      await t.db.auditEvent.findMany({ where: { teamId: stranger.id }, select: { details: true, actorLabel: true, targetLabel: true } }),
      await t.db.ssoSignInRefusal.findMany({ where: { teamId: stranger.id } }),
    ]);
    assert.doesNotMatch(told, /ada@/, "nor her address");
  });

  it("one IdP application (one certificate) in two teams: each team's SSO works; a tile login goes to the team of the NameID's domain, or is refused when none tells", async () => {
    const shared = new TestIdp(`https://idp.test/${crypto.randomUUID()}`, "https://idp.test/sso", generateKeyPair("shared"));
    const members = [];
    for (const team of [await createTeam(t.db), await createTeam(t.db)]) {
      await saveSamlConnection(deps(), team, { kind: "xml", xml: shared.metadataXml() }, testActor);
      const domain = `${team.slug}.test`;
      const d = await addTeamDomain(t.db, team.id, domain, testActor);
      await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
      members.push({ team, m: await createMember(t.db, team.id, { email: `grace@${domain}` }) });
    }
    for (const { team, m } of members) {
      const sp = await spLogin(h, t.db, team.id, shared, { email: m.email });
      assert.equal(sp.result?.ok && sp.result.user.id, m.userId, JSON.stringify(sp.acs));
      const tile = await idpLogin(h, t.db, shared, { email: m.email });
      assert.equal(tile.result?.ok && tile.result.user.id, m.userId, JSON.stringify(tile.acs));
    }
    // A persistent NameID (SimpleSAMLphp's hash) names no domain, and neither connection is tested.
    const opaque = await idpLogin(h, t.db, shared, { email: members[0].m.email, nameId: crypto.randomBytes(16).toString("hex") });
    assert.equal(opaque.acs.kind === "refused" && opaque.acs.reason, "several_connections", JSON.stringify(opaque.acs));
  });
});
