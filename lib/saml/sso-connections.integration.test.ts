// Several SSO connections on one team (two IdPs during a migration, one per subsidiary): each
// domain signs in through its own connection, each IdP is trusted only for its own domains, a
// test sign-in records success without signing anyone in, and a connection saved before
// connections had rows keeps working.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createMember, createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { deleteTeamConnection, listTeamConnections, saveSamlConnection } from "./connections";
import { getConnectionSettings, saveConnectionMapping } from "./connection-settings";
import { SAML_PRODUCT } from "./constants";
import { findSsoRoute } from "./sso-routing";
import { addTeamDomain, removeTeamDomain, setDomainConnection, verifyTeamDomain } from "./team-domains";
import { finishTestSignIn, startTestSignIn } from "./test-sign-in";
import { handleSamlResponse } from "./acs";
import { refreshMetadataUrls } from "./metadata-refresh";
import { createSetupLink, openSetupLink } from "./setup-links";
import { updateMember } from "../members/update-member";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { idpLogin, spLogin, startJacksonForTests, TEST_APP_URL, urls, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
});
after(async () => {
  await h?.close();
  await t?.close();
});

const deps = () => ({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: false });
const keys = generateKeyPair("two-idps");

async function verified(teamId: string, domain: string) {
  const d = await addTeamDomain(t.db, teamId, domain, testActor);
  return verifyTeamDomain(t.db, teamId, d.id, { kind: "manual" }, testActor);
}

/** A team with two IdPs: the old one (default) for parent.*, the new one for sub.* */
async function twoIdpTeam() {
  const team = await createTeam(t.db);
  await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
  const oldIdp = new TestIdp(`https://old.idp.test/${team.slug}`, `https://old.idp.test/${team.slug}/sso`, keys);
  const newIdp = new TestIdp(`https://new.idp.test/${team.slug}`, `https://new.idp.test/${team.slug}/sso`, keys);
  const oldConn = await saveSamlConnection(deps(), team, { kind: "xml", xml: oldIdp.metadataXml() }, testActor, { label: "Old IdP" });
  const newConn = await saveSamlConnection(deps(), team, { kind: "xml", xml: newIdp.metadataXml() }, testActor, { label: "New IdP" });
  const parent = `parent-${team.slug}.test`;
  const sub = `sub-${team.slug}.test`;
  await verified(team.id, parent);
  const subRow = await verified(team.id, sub);
  await setDomainConnection(t.db, team.id, subRow.id, newConn.id, testActor);
  return { team, oldIdp, newIdp, oldConn, newConn, parent, sub };
}

async function teamWithOwnerAndAdmin(prefix: string) {
  const team = await createTeam(t.db);
  const domain = `${prefix}-${team.slug}.test`;
  const domainRow = await verified(team.id, domain);
  const owner = await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
  const admin = await createMember(t.db, team.id, { email: `admin@${domain}`, role: "ADMIN" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };
  const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false };
  return { team, domain, domainRow, owner, admin, asOwner, asAdmin };
}

describe("several connections per team", () => {
  it("routes each email to the connection its domain names, unassigned domains to the oldest", async () => {
    const { team, oldConn, newConn, parent, sub } = await twoIdpTeam();
    const getJackson = async () => h.jackson;
    assert.deepEqual(await findSsoRoute(t.db, getJackson, `a@${parent}`), { ok: true, teamId: team.id, connection: oldConn.clientID });
    const r = await findSsoRoute(t.db, getJackson, `b@${sub}`);
    assert.ok(r.ok && r.connection === newConn.clientID);
  });

  it("signs each domain's people in through its own IdP, and never lets one IdP vouch for the other's domain", async () => {
    const { team, oldIdp, newIdp, oldConn, newConn, parent, sub } = await twoIdpTeam();
    const viaNew = await spLogin(h, t.db, team.id, newIdp, { email: `nina@${sub}` }, { idp_hint: newConn.clientID });
    assert.equal(viaNew.result?.ok, true, JSON.stringify(viaNew.result));
    const viaOld = await spLogin(h, t.db, team.id, oldIdp, { email: `olaf@${parent}` }, { idp_hint: oldConn.clientID });
    assert.equal(viaOld.result?.ok, true, JSON.stringify(viaOld.result));
    // The new IdP asserting a parent-domain address: refused, nothing created.
    const cross = await spLogin(h, t.db, team.id, newIdp, { email: `mallory@${parent}` }, { idp_hint: newConn.clientID });
    assert.deepEqual(cross.result, { ok: false, reason: "domain_not_verified" });
    assert.equal(await t.db.user.count({ where: { emailNormalized: `mallory@${parent}` } }), 0);
  });

  it("trusts the IdP that signed the response, not the connection the login asked for", async () => {
    const { team, oldIdp, newIdp, oldConn, newConn, parent, sub } = await twoIdpTeam();
    await createMember(t.db, team.id, { email: `owner@${parent}`, role: "OWNER" });
    // "Continue with SSO" as the owner goes to the old IdP; the new IdP answers that login.
    const hijack = await spLogin(h, t.db, team.id, newIdp, { email: `owner@${parent}` }, { idp_hint: oldConn.clientID });
    assert.deepEqual(hijack.result, { ok: false, reason: "domain_not_verified" });
    // And the other way round: the old IdP answering a login started for the new one's domain.
    const reverse = await spLogin(h, t.db, team.id, oldIdp, { email: `zed@${sub}` }, { idp_hint: newConn.clientID });
    assert.deepEqual(reverse.result, { ok: false, reason: "domain_not_verified" });
    assert.equal(await t.db.user.count({ where: { emailNormalized: `zed@${sub}` } }), 0);
  });

  it("an IdP-initiated response is trusted for the domains routed to the IdP that signed it", async () => {
    const { team, oldIdp, newIdp, parent, sub } = await twoIdpTeam();
    await createMember(t.db, team.id, { email: `owner@${parent}`, role: "OWNER" });
    assert.deepEqual((await idpLogin(h, t.db, newIdp, { email: `owner@${parent}` })).result, { ok: false, reason: "domain_not_verified" });
    assert.equal((await idpLogin(h, t.db, oldIdp, { email: `owner@${parent}` })).result?.ok, true);
    assert.equal((await idpLogin(h, t.db, newIdp, { email: `ian@${sub}` })).result?.ok, true);
    // A connection no domain routes to vouches for nobody.
    const spareIdp = new TestIdp(`https://spare.idp.test/${team.slug}`, `https://spare.idp.test/${team.slug}/sso`, keys);
    await saveSamlConnection(deps(), team, { kind: "xml", xml: spareIdp.metadataXml() }, testActor, { label: "Spare IdP" });
    assert.deepEqual((await idpLogin(h, t.db, spareIdp, { email: `owner@${parent}` })).result, { ok: false, reason: "domain_not_verified" });
  });

  it("an IdP an admin set up signs in members but not owners, until an owner saves the connection", async () => {
    const team = await createTeam(t.db);
    const domain = `owners-${team.slug}.test`;
    await verified(team.id, domain);
    const owner = await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
    const admin = await createMember(t.db, team.id, { email: `admin@${domain}`, role: "ADMIN" });
    await createMember(t.db, team.id, { email: `member@${domain}` });
    const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false };
    const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };
    const adminsIdp = new TestIdp(`https://admins.idp.test/${team.slug}`, `https://admins.idp.test/${team.slug}/sso`, keys);
    const conn = await saveSamlConnection(deps(), team, { kind: "xml", xml: adminsIdp.metadataXml() }, asAdmin, { label: "Admin's IdP" });
    assert.equal(conn.ownerConfigured, false);
    const login = (email: string) => spLogin(h, t.db, team.id, adminsIdp, { email }, { idp_hint: conn.clientID });

    assert.deepEqual((await login(`owner@${domain}`)).result, { ok: false, reason: "owner_connection" });
    // Its sessions reach this team only: the person may be an owner elsewhere.
    const member = (await login(`member@${domain}`)).result;
    assert.ok(member?.ok && member.teamOnly, JSON.stringify(member));
    // A label the admin changes leaves it as it is; the owner saving it as it is approves it.
    await saveSamlConnection(deps(), team, { kind: "xml", xml: adminsIdp.metadataXml() }, asAdmin, { connectionId: conn.id, label: "Renamed" });
    assert.equal((await login(`owner@${domain}`)).result?.ok, false);
    const approved = await saveSamlConnection(deps(), team, { kind: "xml", xml: adminsIdp.metadataXml() }, asOwner, { connectionId: conn.id, label: "Renamed" });
    assert.equal(approved.ownerConfigured, true);
    const ownerIn = (await login(`owner@${domain}`)).result;
    assert.ok(ownerIn?.ok && !ownerIn.teamOnly, JSON.stringify(ownerIn));
    // An admin then pointing it at another key withdraws that approval.
    const swapped = new TestIdp(`https://admins.idp.test/${team.slug}`, `https://admins.idp.test/${team.slug}/sso`, generateKeyPair("swapped"));
    const changed = await saveSamlConnection(deps(), team, { kind: "xml", xml: swapped.metadataXml() }, asAdmin, { connectionId: conn.id, label: "Renamed" });
    assert.equal(changed.ownerConfigured, false);
    assert.deepEqual((await spLogin(h, t.db, team.id, swapped, { email: `owner@${domain}` }, { idp_hint: conn.clientID })).result, { ok: false, reason: "owner_connection" });
  });

  it("an admin pointing an owner's connection at another metadata URL withdraws it from owners, even serving the same metadata", async () => {
    const team = await createTeam(t.db);
    const domain = `url-${team.slug}.test`;
    await verified(team.id, domain);
    const owner = await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
    const admin = await createMember(t.db, team.id, { email: `admin@${domain}`, role: "ADMIN" });
    const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };
    const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false };
    const entityId = `https://corp.idp.test/${team.slug}`;
    const ownersIdp = new TestIdp(entityId, `${entityId}/sso`, keys);
    const adminsIdp = new TestIdp(entityId, `${entityId}/sso`, generateKeyPair("admins-key"));
    let served = ownersIdp.metadataXml();
    const server = http.createServer((_req, res) => res.end(served));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const conn = await saveSamlConnection(deps(), team, { kind: "xml", xml: ownersIdp.metadataXml() }, asOwner, { label: "Corp" });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
      const edited = await saveSamlConnection({ ...deps(), allowLoopbackFetch: true }, team, { kind: "url", url }, asAdmin, { connectionId: conn.id, label: "Corp" });
      assert.equal(edited.ownerConfigured, false, "the admin chose where its certificates come from");
      // The URL then serves the admin's key, and the daily refresh takes it.
      served = adminsIdp.metadataXml();
      await refreshMetadataUrls({ ...deps(), allowLoopbackFetch: true, now: new Date(Date.now() + 2 * 86_400_000) });
      assert.deepEqual((await spLogin(h, t.db, team.id, adminsIdp, { email: `owner@${domain}` }, { idp_hint: conn.clientID })).result, { ok: false, reason: "owner_connection" });
    } finally {
      server.close();
    }
  });

  // Found by review: an admin mapped "email" to an attribute the IdP sends with someone else's
  // address (the manager's) on a connection an owner had set up, and signed in as the owner.
  it("an admin's change of the attribute mapping withdraws the owners' approval; an owner's keeps it", async () => {
    const team = await createTeam(t.db);
    const domain = `remap-${team.slug}.test`;
    const domainRow = await verified(team.id, domain);
    const owner = await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
    const admin = await createMember(t.db, team.id, { email: `admin@${domain}`, role: "ADMIN" });
    const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };
    const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false };
    const idp = new TestIdp(`https://remap.idp.test/${team.slug}`, `https://remap.idp.test/${team.slug}/sso`, keys);
    const conn = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, asOwner, { label: "Corp" });
    await setDomainConnection(t.db, team.id, domainRow.id, conn.id, testActor);
    const ownerConfigured = async () => (await t.db.ssoConnection.findUniqueOrThrow({ where: { id: conn.id } })).ownerConfigured;
    const adminSignsIn = () => spLogin(h, t.db, team.id, idp, { email: `admin@${domain}`, attributes: { "Manager's email": `owner@${domain}` } }, { idp_hint: conn.clientID });

    // An owner's mapping keeps the approval; an admin's save of the same mapping changes nothing.
    await saveConnectionMapping(t.db, { teamId: team.id, clientId: conn.clientID, mapping: { title: "jobTitle" }, syncRoleAndGroups: false }, asOwner);
    await saveConnectionMapping(t.db, { teamId: team.id, clientId: conn.clientID, mapping: { title: "jobTitle" }, syncRoleAndGroups: false }, asAdmin);
    assert.equal(await ownerConfigured(), true);

    const remapped = await saveConnectionMapping(t.db, { teamId: team.id, clientId: conn.clientID, mapping: { email: "Manager's email" }, syncRoleAndGroups: false }, asAdmin);
    assert.deepEqual(remapped, { changed: true, ownerApprovalWithdrawn: true });
    assert.equal(await ownerConfigured(), false);
    assert.deepEqual((await adminSignsIn()).result, { ok: false, reason: "owner_connection" });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { teamId: team.id, action: "saml.connection_changed" }, orderBy: { createdAt: "desc" } });
    assert.equal((audit.details as { ownerApproval?: string }).ownerApproval, "withdrawn");

    // The owner approves the connection, mapping and all, by saving it as it is.
    await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, asOwner, { connectionId: conn.id, label: "Corp" });
    assert.equal(await ownerConfigured(), true);
  });

  // Found by review: the mapping outlived the connection's deletion (settings are kept by
  // clientID, and jackson gives the same IdP added again the same one), so an admin's "email"
  // mapping came back on the connection an owner then added, with the owners' approval.
  it("a connection deleted and added again starts with no mapping: an admin's does not come back with an owner's approval", async () => {
    const { team, domain, domainRow, owner, asOwner, asAdmin } = await teamWithOwnerAndAdmin("readd");
    const idp = new TestIdp(`https://readd.idp.test/${team.slug}`, `https://readd.idp.test/${team.slug}/sso`, keys);
    const first = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, asOwner, { label: "Corp" });
    await setDomainConnection(t.db, team.id, domainRow.id, first.id, asOwner);
    await saveConnectionMapping(t.db, { teamId: team.id, clientId: first.clientID, mapping: { email: "Manager's email" }, syncRoleAndGroups: true }, asAdmin);
    await deleteTeamConnection(deps(), team.id, first.id, asAdmin);

    const again = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, asOwner, { label: "Corp" });
    assert.equal(again.clientID, first.clientID, "the same IdP gets the same clientID");
    await setDomainConnection(t.db, team.id, domainRow.id, again.id, asOwner);
    const settings = await getConnectionSettings(t.db, team.id, again.clientID);
    assert.deepEqual({ mapping: settings.mapping, sync: settings.syncRoleAndGroups }, { mapping: {}, sync: false });
    const adminSignsIn = await spLogin(h, t.db, team.id, idp, { email: `admin@${domain}`, attributes: { "Manager's email": owner.email } }, { idp_hint: again.clientID });
    assert.equal(adminSignsIn.result?.ok && adminSignsIn.result.user.email, `admin@${domain}`);
  });

  // Found by review: the approval covers whom the IdP may vouch for, and domain routing decides
  // that as much as the mapping does: an admin routing the owners' domain to another approved IdP
  // (a subsidiary's, run by someone else) let it sign in the owners.
  it("an admin's change that lets an approved IdP vouch for more domains withdraws its approval; an owner's keeps it", async () => {
    const { team, domain, domainRow, owner, asOwner, asAdmin } = await teamWithOwnerAndAdmin("widen");
    const corpIdp = new TestIdp(`https://corp.idp.test/${team.slug}`, `https://corp.idp.test/${team.slug}/sso`, keys);
    const subIdp = new TestIdp(`https://sub.idp.test/${team.slug}`, `https://sub.idp.test/${team.slug}/sso`, keys);
    const corp = await saveSamlConnection(deps(), team, { kind: "xml", xml: corpIdp.metadataXml() }, asOwner, { label: "Corp" });
    const sub = await saveSamlConnection(deps(), team, { kind: "xml", xml: subIdp.metadataXml() }, asOwner, { label: "Subsidiary" });
    const subRow = await verified(team.id, `sub-${team.slug}.test`);
    await setDomainConnection(t.db, team.id, subRow.id, sub.id, asOwner);
    const approved = async () =>
      Object.fromEntries((await t.db.ssoConnection.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } })).map((c) => [c.label, c.ownerConfigured]));
    assert.deepEqual(await approved(), { Corp: true, Subsidiary: true });

    // An admin routing the owners' domain to the subsidiary's IdP.
    const routed = await setDomainConnection(t.db, team.id, domainRow.id, sub.id, asAdmin);
    assert.deepEqual(routed.ownerApprovalWithdrawn, ["Subsidiary"]);
    assert.deepEqual(await approved(), { Corp: true, Subsidiary: false });
    assert.deepEqual((await spLogin(h, t.db, team.id, subIdp, { email: owner.email }, { idp_hint: sub.clientID })).result, { ok: false, reason: "owner_connection" });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { teamId: team.id, action: "saml.connection_changed" }, orderBy: { createdAt: "desc" } });
    assert.deepEqual((audit.details as { ownerApprovalWithdrawn?: string[] }).ownerApprovalWithdrawn, ["Subsidiary"]);

    // An owner's save approves it again; an owner's routing keeps approvals.
    await saveSamlConnection(deps(), team, { kind: "xml", xml: subIdp.metadataXml() }, asOwner, { connectionId: sub.id, label: "Subsidiary" });
    await setDomainConnection(t.db, team.id, domainRow.id, corp.id, asOwner);
    assert.deepEqual(await approved(), { Corp: true, Subsidiary: true });

    // An admin verifying a new domain routed (by default) to the oldest connection. Removing it
    // narrows what Corp vouches for and changes no approval; only an owner may release a verified
    // domain (the test below says why).
    const newDomain = await addTeamDomain(t.db, team.id, `new-${team.slug}.test`, asAdmin);
    assert.deepEqual((await verifyTeamDomain(t.db, team.id, newDomain.id, { kind: "manual" }, asAdmin)).ownerApprovalWithdrawn, ["Corp"]);
    assert.deepEqual(await approved(), { Corp: false, Subsidiary: true });
    await removeTeamDomain(t.db, team.id, newDomain.id, asOwner);
    assert.deepEqual(await approved(), { Corp: false, Subsidiary: true });

    // An admin deleting a connection whose domains then fall back to the default one.
    await saveSamlConnection(deps(), team, { kind: "xml", xml: corpIdp.metadataXml() }, asOwner, { connectionId: corp.id, label: "Corp" });
    assert.deepEqual(await approved(), { Corp: true, Subsidiary: true });
    await deleteTeamConnection(deps(), team.id, sub.id, asAdmin);
    assert.deepEqual(await approved(), { Corp: false });
  });

  // Found by review: a verified domain is what stops every other team claiming it. An admin
  // released it, verified it in a team of their own (where they are the owner) and signed in this
  // team's owner through an IdP of their own, with a session reaching this team.
  it("only an owner may remove a verified domain; anyone who may configure SSO removes an unverified claim", async () => {
    const { team, domainRow, asOwner, asAdmin } = await teamWithOwnerAndAdmin("release");
    await assert.rejects(removeTeamDomain(t.db, team.id, domainRow.id, asAdmin), /Only an owner can remove release-.*: it is verified/);
    assert.ok(await t.db.teamDomain.findUnique({ where: { id: domainRow.id } }), "still the team's");
    const claim = await addTeamDomain(t.db, team.id, `unproved-${team.slug}.test`, asAdmin);
    await removeTeamDomain(t.db, team.id, claim.id, asAdmin);
    await removeTeamDomain(t.db, team.id, domainRow.id, asOwner);
    assert.equal(await t.db.teamDomain.count({ where: { teamId: team.id } }), 0);
  });

  it("a setup link sets connections up for owners, and opens nothing once its maker is no longer an owner", async () => {
    const team = await createTeam(t.db);
    const domain = `link-${team.slug}.test`;
    const domainRow = await verified(team.id, domain);
    await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
    const bob = await createMember(t.db, team.id, { email: `bob@${domain}`, role: "OWNER" });
    const link = await createSetupLink(t.db, team.id, 7, { type: "user", userId: bob.userId, label: bob.email, mayManageOwners: true });
    const save = async (name: string) => {
      const access = await openSetupLink(t.db, link.secret);
      assert.ok(access.ok);
      const idp = new TestIdp(`https://${name}.idp.test/${team.slug}`, `https://${name}.idp.test/${team.slug}/sso`, generateKeyPair(name));
      return { idp, conn: await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, access.actor, { label: name }) };
    };
    assert.equal((await save("while-owner")).conn.ownerConfigured, true);
    await updateMember(t.db, { teamId: team.id, membershipId: bob.id }, { role: "ADMIN" }, testActor);
    // Before, the link went on working with an admin's authority; now it is refused
    // (app/(setup-link)/setup-sso/[secret]/maker-authority.integration.test.ts tests it through the actions).
    assert.deepEqual(await openSetupLink(t.db, link.secret), { ok: false, reason: "maker_gone" });
  });

  it("a setup link made by nobody (before links named their maker) never sets connections up for owners", async () => {
    const team = await createTeam(t.db);
    const domain = `nobody-${team.slug}.test`;
    const domainRow = await verified(team.id, domain);
    await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
    const link = await createSetupLink(t.db, team.id, 7, testActor);
    const access = await openSetupLink(t.db, link.secret);
    assert.ok(access.ok);
    const idp = new TestIdp(`https://nobody.idp.test/${team.slug}`, `https://nobody.idp.test/${team.slug}/sso`, generateKeyPair("nobody"));
    const conn = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, access.actor, { label: "nobody" });
    assert.equal(conn.ownerConfigured, false);
    await setDomainConnection(t.db, team.id, domainRow.id, conn.id, testActor);
    assert.deepEqual((await spLogin(h, t.db, team.id, idp, { email: `owner@${domain}` }, { idp_hint: conn.clientID })).result, { ok: false, reason: "owner_connection" });
  });

  it("a test sign-in answered by another of the team's IdPs does not count as this connection's test", async () => {
    const { team, oldIdp, newConn, sub } = await twoIdpTeam();
    const { flow, outcome } = await startTestSignIn(deps(), team.id, newConn.id);
    const location = new URL(outcome.kind === "redirect" ? outcome.location : "");
    const request = TestIdp.parseAuthnRequest(location.searchParams.get("SAMLRequest")!);
    const response = oldIdp.buildResponse({ acsUrl: urls.acsUrl, audience: urls.entityId, inResponseTo: request.id, email: `admin@${sub}` });
    const acs = await handleSamlResponse({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL }, { SAMLResponse: response, RelayState: location.searchParams.get("RelayState")! });
    assert.equal(acs.kind, "redirect", JSON.stringify(acs));
    const back = new URL(acs.kind === "redirect" ? acs.location : "");
    const verdict = await finishTestSignIn(deps(), flow, { code: back.searchParams.get("code"), state: back.searchParams.get("state"), error: null }, testActor);
    assert.equal(verdict.ok, false);
    assert.equal((await listTeamConnections(deps(), team.id)).find((c) => c.id === newConn.id)?.testedAt, null);
  });

  it("a test sign-in records success on that connection only, and signs nobody in", async () => {
    const { team, newIdp, newConn, oldConn, sub } = await twoIdpTeam();
    const { flow, outcome } = await startTestSignIn(deps(), team.id, newConn.id);
    assert.equal(outcome.kind, "redirect");
    const location = new URL(outcome.kind === "redirect" ? outcome.location : "");
    const request = TestIdp.parseAuthnRequest(location.searchParams.get("SAMLRequest")!);
    const response = newIdp.buildResponse({ acsUrl: urls.acsUrl, audience: urls.entityId, inResponseTo: request.id, email: `admin@${sub}` });
    const acs = await handleSamlResponse({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL }, { SAMLResponse: response, RelayState: location.searchParams.get("RelayState")! });
    assert.equal(acs.kind, "redirect", JSON.stringify(acs));
    const back = new URL(acs.kind === "redirect" ? acs.location : "");
    assert.equal(back.searchParams.get("sso_test"), "1");
    assert.equal(`${back.origin}${back.pathname}`, urls.oauthCallbackUrl);
    // A forged state is refused before the code is used.
    assert.equal((await finishTestSignIn(deps(), flow, { code: back.searchParams.get("code"), state: "forged", error: null }, testActor)).ok, false);
    const verdict = await finishTestSignIn(deps(), flow, { code: back.searchParams.get("code"), state: back.searchParams.get("state"), error: null }, testActor);
    assert.deepEqual(verdict, { ok: true, email: `admin@${sub}` });
    const rows = await listTeamConnections(deps(), team.id);
    assert.equal(rows.find((c) => c.id === newConn.id)?.testedEmail, `admin@${sub}`);
    assert.equal(rows.find((c) => c.id === oldConn.id)?.testedAt, null);
    assert.equal(await t.db.user.count({ where: { emailNormalized: `admin@${sub}` } }), 0, "nobody created or signed in");
  });

  it("deleting a connection sends its domains back to the default one", async () => {
    const { team, newConn, oldConn, sub } = await twoIdpTeam();
    await deleteTeamConnection(deps(), team.id, newConn.id, testActor);
    const r = await findSsoRoute(t.db, async () => h.jackson, `x@${sub}`);
    assert.ok(r.ok && r.connection === oldConn.clientID);
    assert.deepEqual((await listTeamConnections(deps(), team.id)).map((c) => c.id), [oldConn.id]);
  });

  it("adopts a connection saved before connections had rows: its domains route to it and its people sign in", async () => {
    const team = await createTeam(t.db);
    const idp = new TestIdp(`https://legacy.idp.test/${team.slug}`, `https://legacy.idp.test/${team.slug}/sso`, keys);
    // As the previous version saved it: straight into jackson, no row.
    await h.jackson.connectionAPIController.createSAMLConnection({
      tenant: team.id,
      product: SAML_PRODUCT,
      name: team.name,
      description: "",
      rawMetadata: idp.metadataXml(),
      defaultRedirectUrl: urls.idpLandingUrl,
      redirectUrl: [urls.oauthCallbackUrl],
    });
    const domain = `legacy-${team.slug}.test`;
    await verified(team.id, domain);
    await createMember(t.db, team.id, { email: `lee@${domain}` });
    assert.equal(await t.db.ssoConnection.count({ where: { teamId: team.id } }), 0);
    const route = await findSsoRoute(t.db, async () => h.jackson, `lee@${domain}`);
    assert.ok(route.ok, JSON.stringify(route));
    assert.equal(await t.db.ssoConnection.count({ where: { teamId: team.id } }), 1);
    const login = await spLogin(h, t.db, team.id, idp, { email: `lee@${domain}` }, { idp_hint: route.connection });
    assert.equal(login.result?.ok, true, JSON.stringify(login.result));
    // Nobody recorded who set it up: not for the team's owners until an owner saves it.
    await createMember(t.db, team.id, { email: `olga@${domain}`, role: "OWNER" });
    assert.deepEqual((await spLogin(h, t.db, team.id, idp, { email: `olga@${domain}` }, { idp_hint: route.connection })).result, { ok: false, reason: "owner_connection" });
    // Its test sign-in works too.
    const [conn] = await listTeamConnections(deps(), team.id);
    const { outcome } = await startTestSignIn(deps(), team.id, conn!.id);
    assert.equal(outcome.kind, "redirect", JSON.stringify(outcome));
  });
});
