// Whole SAML logins against a real jackson and a real signing IdP, on a real database: what
// gets people in, and the forged, expired, misaddressed and replayed responses that must not.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { deactivateMember } from "../members/lifecycle";
import { generateKeyPair, type KeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { saveSamlConnection } from "./connections";
import { addTeamDomain, verifyTeamDomain } from "./team-domains";
import { idpLogin, postResponse, spLogin, startJacksonForTests, TEST_APP_URL, urls, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
let idpKeys: KeyPair;
let otherKeys: KeyPair;

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
  idpKeys = generateKeyPair("test-idp");
  otherKeys = generateKeyPair("attacker");
});
after(async () => {
  await h?.close();
  await t?.close();
});

/** A team with a verified domain, a SAML connection to its own IdP, and JIT as asked. */
async function ssoTeam(opts: { jit?: boolean; keys?: KeyPair } = {}) {
  const team = await createTeam(t.db);
  const domain = `${team.slug}.example.test`;
  const d = await addTeamDomain(t.db, team.id, domain, testActor);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
  if (opts.jit) await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
  const idp = new TestIdp(`https://idp.test/${team.slug}`, `https://idp.test/${team.slug}/sso`, opts.keys ?? idpKeys);
  await saveSamlConnection({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: false }, team, { kind: "xml", xml: idp.metadataXml() }, testActor);
  return { team, domain, idp };
}

async function nothingCreated(teamId: string, email: string) {
  assert.equal(await t.db.membership.count({ where: { teamId, user: { emailNormalized: email } } }), 0, "no membership");
  assert.equal(await t.db.user.count({ where: { emailNormalized: email } }), 0, "no user");
}

async function refusalsIn(teamId: string) {
  return t.db.auditEvent.findMany({ where: { teamId, action: "member.login_refused" }, orderBy: { createdAt: "asc" } });
}

describe("SAML login, end to end through jackson", () => {
  it("SP-initiated: JIT creates the member with the team default role, signs them in and audits it", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    const email = `alice@${domain}`;
    const r = await spLogin(h, t.db, team.id, idp, { email, attributes: { firstName: "Alice", lastName: "Liddell" } });
    assert.equal(r.acs.kind, "redirect");
    assert.ok(r.result?.ok, JSON.stringify(r.result));
    const m = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, user: { emailNormalized: email } }, include: { user: true } });
    assert.equal(m.source, "SSO");
    assert.equal(m.role, "MEMBER");
    assert.equal(m.nameFormatted, "Alice Liddell");
    assert.equal(m.user.name, null);
    assert.ok(m.lastLoginAt);
    const actions = (await t.db.auditEvent.findMany({ where: { teamId: team.id, targetId: m.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    assert.deepEqual(actions, ["member.added", "member.login"]);
  });

  it("IdP-initiated: an existing member is signed in and their name refreshed", async () => {
    const { team, domain, idp } = await ssoTeam();
    const member = await createMember(t.db, team.id, { email: `bob@${domain}`, nameFormatted: "Old Name" });
    const r = await idpLogin(h, t.db, idp, { email: `Bob@${domain}`, attributes: { firstName: "Robert", lastName: "Tables" } });
    assert.ok(r.result?.ok, JSON.stringify(r.result));
    assert.equal(r.result.ok && r.result.user.id, member.userId);
    const after = await t.db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { user: true } });
    assert.equal(after.nameFormatted, "Robert Tables");
    // The team's view, not the shared account, carries what this team's IdP said.
    assert.equal(after.user.name, null);
    assert.ok(after.lastLoginAt);
  });

  it("refuses a deactivated member and audits the refusal", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    await createMember(t.db, team.id, { role: "OWNER" });
    const m = await createMember(t.db, team.id, { email: `dan@${domain}` });
    await deactivateMember(t.db, { teamId: team.id, membershipId: m.id }, testActor);
    const r = await spLogin(h, t.db, team.id, idp, { email: `dan@${domain}` });
    assert.deepEqual(r.result, { ok: false, reason: "deactivated" });
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: m.id } })).lastLoginAt, null);
    const [refusal] = await refusalsIn(team.id);
    assert.equal((refusal.details as { reason: string }).reason, "deactivated");
  });

  it("refuses an unknown person when JIT is off, creating nothing", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: false });
    const r = await spLogin(h, t.db, team.id, idp, { email: `eve@${domain}` });
    assert.deepEqual(r.result, { ok: false, reason: "not_assigned" });
    await nothingCreated(team.id, `eve@${domain}`);
  });
});

describe("SAML responses that must be refused (and create nothing)", () => {
  it("a tampered assertion (email changed after signing)", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    const r = await spLogin(h, t.db, team.id, idp, {
      email: `alice@${domain}`,
      tamper: (xml) => xml.replaceAll(`alice@${domain}`, `mallory@${domain}`),
    });
    assert.equal(r.acs.kind, "refused");
    assert.equal(r.acs.kind === "refused" && r.acs.code, "sso_rejected");
    assert.match(r.acs.kind === "refused" ? r.acs.detail : "", /signature|Invalid assertion/i);
    await nothingCreated(team.id, `mallory@${domain}`);
    await nothingCreated(team.id, `alice@${domain}`);
    assert.equal((await refusalsIn(team.id)).length, 1, "the refusal is audited in the IdP's team");
  });

  it("an assertion signed by another key than the IdP's", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    const r = await spLogin(h, t.db, team.id, idp, { email: `alice@${domain}`, signWith: otherKeys });
    assert.equal(r.acs.kind === "refused" && r.acs.code, "sso_rejected");
    await nothingCreated(team.id, `alice@${domain}`);
  });

  it("an expired assertion", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    const hour = 3600_000;
    const r = await spLogin(h, t.db, team.id, idp, {
      email: `alice@${domain}`,
      notBefore: new Date(Date.now() - 3 * hour),
      notOnOrAfter: new Date(Date.now() - 2 * hour),
    });
    assert.equal(r.acs.kind === "refused" && r.acs.code, "sso_rejected");
    assert.match(r.acs.kind === "refused" ? r.acs.detail : "", /expired/i);
    await nothingCreated(team.id, `alice@${domain}`);
  });

  it("an assertion for another audience, including one that merely starts with ours", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    for (const audience of ["https://other-sp.example/saml", `${urls.entityId}-evil`]) {
      const r = await spLogin(h, t.db, team.id, idp, { email: `alice@${domain}`, audience });
      assert.equal(r.acs.kind === "refused" && r.acs.code, "sso_rejected", audience);
      assert.match(r.acs.kind === "refused" ? r.acs.detail : "", /audience/i);
    }
    await nothingCreated(team.id, `alice@${domain}`);
  });

  it("a replayed SP-initiated response, with its RelayState or posted as IdP-initiated", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    const first = await spLogin(h, t.db, team.id, idp, { email: `alice@${domain}` });
    assert.ok(first.result?.ok);
    const membersBefore = await t.db.membership.count({ where: { teamId: team.id } });
    const again = await postResponse(h, t.db, first.samlResponse, first.relayState);
    assert.equal(again.acs.kind === "refused" && again.acs.code, "sso_replayed");
    const unsolicited = await postResponse(h, t.db, first.samlResponse, "");
    assert.equal(unsolicited.acs.kind === "refused" && unsolicited.acs.code, "sso_replayed");
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), membersBefore);
  });

  it("a replayed IdP-initiated response", async () => {
    const { team, domain, idp } = await ssoTeam({ jit: true });
    const first = await idpLogin(h, t.db, idp, { email: `carol@${domain}` });
    assert.ok(first.result?.ok, JSON.stringify(first.acs));
    const again = await postResponse(h, t.db, first.samlResponse, "");
    assert.equal(again.acs.kind === "refused" && again.acs.code, "sso_replayed");
    assert.equal(await t.db.membership.count({ where: { teamId: team.id, user: { emailNormalized: `carol@${domain}` } } }), 1);
  });

  it("another team's IdP cannot sign people into this team, even when the request names it (idp_hint)", async () => {
    const victim = await ssoTeam({ jit: true });
    const attacker = await ssoTeam({ jit: true, keys: otherKeys });
    const conns = await h.jackson.connectionAPIController.getConnections({ tenant: attacker.team.id, product: "gatehouse" });
    const email = `alice@${victim.domain}`;
    // The attacker's own IdP asserts a victim-domain email, in answer to a request for the victim team.
    // authorize.ts lets a hint through only when it names one of the requested team's connections.
    await assert.rejects(
      spLogin(h, t.db, victim.team.id, attacker.idp, { email }, { idp_hint: conns[0].clientID, client_id: conns[0].clientID }),
      /idp_hint is not one of the team's connections/,
    );
    await nothingCreated(victim.team.id, email);
    // And through the attacker's own team, the victim's domain is not verified there.
    const own = await idpLogin(h, t.db, attacker.idp, { email });
    assert.deepEqual(own.result, { ok: false, reason: "domain_not_verified" });
    await nothingCreated(attacker.team.id, email);
  });

  it("a response that is not SAML at all", async () => {
    const r = await postResponse(h, t.db, Buffer.from("<html>hi</html>").toString("base64"), "");
    assert.equal(r.acs.kind === "refused" && r.acs.code, "sso_invalid_response");
    const junk = await postResponse(h, t.db, crypto.randomBytes(64).toString("base64"), "");
    assert.equal(junk.acs.kind === "refused" && junk.acs.code, "sso_invalid_response");
  });
});
