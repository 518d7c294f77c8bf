// SAML logins whose IdP names attributes its own way (LDAP, urn:oid, with SimpleSAMLphp's
// persistent-hash NameID), the per-connection mapping, its record of the last assertion, the
// sign-in record (last success, refusals in plain words) and role/group sync on every login:
// real jackson, real signed responses, real database.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { generateKeyPair, type KeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { dialectAttributes, persistentNameId } from "../../e2e/idp/dialects";
import { listTeamConnections, saveSamlConnection } from "./connections";
import { addTeamDomain, verifyTeamDomain } from "./team-domains";
import { getConnectionSettings, saveConnectionMapping } from "./connection-settings";
import { listSignInRefusals, recordSignInRefusal, REFUSALS_KEPT } from "./sign-in-record";
import { createGroup } from "../groups/create-group";
import { idpLogin, spLogin, startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
let keys: KeyPair;

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
  keys = generateKeyPair("dialect-idp");
});
after(async () => {
  await h?.close();
  await t?.close();
});

async function ssoTeam(opts: { jit?: boolean } = {}) {
  const team = await createTeam(t.db);
  const domain = `${team.slug}.example.test`;
  const d = await addTeamDomain(t.db, team.id, domain, testActor);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
  if (opts.jit) await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
  const idp = new TestIdp(`https://idp.test/${team.slug}`, `https://idp.test/${team.slug}/sso`, keys);
  await saveSamlConnection({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: false }, team, { kind: "xml", xml: idp.metadataXml() }, testActor);
  const clientId = (await listTeamConnections({ jackson: h.jackson, db: t.db }, team.id))[0]!.clientID;
  return { team, domain, idp, clientId };
}

describe("attribute dialects through a real login", () => {
  for (const dialect of ["ldap", "urn_oid"] as const) {
    it(`${dialect} names with a persistent-hash NameID: JIT creates the member with the email from the attribute and a name`, async () => {
      const { team, domain, idp, clientId } = await ssoTeam({ jit: true });
      const email = `grace@${domain}`;
      const { emailAttribute, attributes } = dialectAttributes(dialect, { email, first: "Grace", last: "Hopper", display: "Amazing Grace" });
      const r = await spLogin(h, t.db, team.id, idp, { email, nameId: persistentNameId(email), emailAttribute, attributes });
      assert.ok(r.result?.ok, JSON.stringify(r.result));
      const m = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, emailNormalized: email } });
      assert.deepEqual(
        { given: m.givenName, family: m.familyName, formatted: m.nameFormatted, display: m.displayName },
        { given: "Grace", family: "Hopper", formatted: "Grace Hopper", display: "Amazing Grace" },
      );
      const s = await getConnectionSettings(t.db, team.id, clientId);
      assert.equal(s.lastAssertion?.nameId, persistentNameId(email));
      assert.deepEqual(s.lastAssertion?.attributes[emailAttribute], [email]);
      assert.equal(s.lastSignInEmail, email);
      assert.ok(s.lastSignInAt);
    });
  }

  it("a hash NameID and no email attribute is refused, and the admin reads why", async () => {
    const { team, domain, idp, clientId } = await ssoTeam({ jit: true });
    const email = `nobody@${domain}`;
    const r = await idpLogin(h, t.db, idp, { email, nameId: persistentNameId(email), emailAttribute: null, attributes: { givenName: "No" } });
    assert.deepEqual(r.result, { ok: false, reason: "no_email" });
    const [refusal] = await listSignInRefusals(t.db, team.id, clientId);
    assert.equal(refusal.reason, "no_email");
    assert.match(refusal.message, /No email address in the assertion: The NameID \(_[0-9a-f]+\) is not an email address/);
  });

  it("an admin's mapping names the email attribute; the preview input is the last assertion", async () => {
    const { team, domain, idp, clientId } = await ssoTeam({ jit: true });
    await saveConnectionMapping(t.db, { teamId: team.id, clientId, mapping: { email: "corpMail", title: "jobName" }, syncRoleAndGroups: false }, testActor);
    const email = `kay@${domain}`;
    const r = await spLogin(h, t.db, team.id, idp, { email: "ignored@elsewhere.test", emailAttribute: null, attributes: { corpMail: email, jobName: "Engineer" } });
    assert.ok(r.result?.ok, JSON.stringify(r.result));
    const m = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, emailNormalized: email } });
    assert.equal(m.title, "Engineer");
    const audits = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: "saml.connection_changed", targetId: clientId } });
    assert.ok(audits.some((a) => (a.details as { change?: string }).change === "attribute_mapping"));
  });

  it("a response for another audience is recorded as 'Audience was X, this team expects Y'", async () => {
    const { team, domain, idp, clientId } = await ssoTeam({ jit: true });
    const r = await idpLogin(h, t.db, idp, { email: `x@${domain}`, audience: "https://other-sp.test/metadata" });
    assert.equal(r.acs.kind, "refused");
    const [refusal] = await listSignInRefusals(t.db, team.id, clientId);
    assert.equal(refusal.reason, "wrong_audience");
    assert.match(refusal.message, /Audience was https:\/\/other-sp\.test\/metadata, this team expects http:\/\/127\.0\.0\.1:3999\/api\/saml\/metadata/);
  });

  it("keeps the newest 50 refusals per connection", async () => {
    const team = await createTeam(t.db);
    for (let i = 0; i < REFUSALS_KEPT + 5; i++) {
      await recordSignInRefusal(t.db, { teamId: team.id, clientId: "c1", reason: "expired", message: `n${i}` });
    }
    const list = await listSignInRefusals(t.db, team.id, "c1", 100);
    assert.equal(list.length, REFUSALS_KEPT);
    assert.equal(list[0].message, `n${REFUSALS_KEPT + 4}`);
  });
});

describe("role and groups on every login", () => {
  it("with the toggle on, an existing member's role and groups follow each assertion, audited; owners are left alone", async () => {
    const { team, domain, idp, clientId } = await ssoTeam();
    const email = `lin@${domain}`;
    const member = await createMember(t.db, team.id, { email });
    await createGroup(t.db, { teamId: team.id, displayName: "Ops" }, testActor);

    // Off: the assertion's role and groups change nothing for an existing member.
    let r = await idpLogin(h, t.db, idp, { email, attributes: { role: "admin", groups: ["Eng", "ops"] } });
    assert.ok(r.result?.ok);
    let m = await t.db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { groups: { include: { group: true } } } });
    assert.equal(m.role, "MEMBER");
    assert.equal(m.groups.length, 0);

    await saveConnectionMapping(t.db, { teamId: team.id, clientId, mapping: {}, syncRoleAndGroups: true }, testActor);
    r = await idpLogin(h, t.db, idp, { email, attributes: { role: "admin", groups: ["Eng", "ops"] } });
    assert.ok(r.result?.ok);
    m = await t.db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { groups: { include: { group: true } } } });
    assert.equal(m.role, "ADMIN");
    assert.equal(m.roleSource, "SCIM", "the IdP's role attribute decides, as through SCIM, and locks the UI");
    assert.deepEqual(m.groups.map((g) => g.group.displayName).sort(), ["Eng", "Ops"]);

    r = await idpLogin(h, t.db, idp, { email, attributes: { role: "member", groups: ["Eng"] } });
    m = await t.db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { groups: { include: { group: true } } } });
    assert.equal(m.role, "MEMBER");
    assert.deepEqual(m.groups.map((g) => g.group.displayName), ["Eng"]);
    const actions = (await t.db.auditEvent.findMany({ where: { teamId: team.id, actorType: "saml" }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    for (const a of ["member.role_changed", "group.created", "group.members_changed"]) assert.ok(actions.includes(a), `${a} in ${actions.join(",")}`);

    // An owner keeps their role and groups whatever the assertion says.
    const owner = await createMember(t.db, team.id, { email: `boss@${domain}`, role: "OWNER" });
    r = await idpLogin(h, t.db, idp, { email: `boss@${domain}`, attributes: { role: "member", groups: ["Eng"] } });
    assert.ok(r.result?.ok);
    const o = await t.db.membership.findUniqueOrThrow({ where: { id: owner.id }, include: { groups: true } });
    assert.equal(o.role, "OWNER");
    assert.equal(o.groups.length, 0);
  });
});
