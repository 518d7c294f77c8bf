// Whether an edit changes a connection's IdP (and so withdraws it from owners and clears its test)
// must be decided from the certificates jackson will verify responses with, not from a reading of
// the metadata that jackson does not share. Found by a review as an attacker: jackson deletes every
// `errorURL="…"` from the metadata text before parsing it (@boxyhq/saml20 parseMetadata), up to the
// next quote, wherever it is. Text that reads as an attribute-free comment to us could so hide a
// second signing certificate from our reading while jackson stored and trusted it: an admin
// re-saving the owners' connection with it kept the owners' approval and test, and their own
// IdP then signed in the team's owner, with a session reaching the owner's other teams.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { createMember, createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { listTeamConnections, saveSamlConnection } from "./connections";
import { addTeamDomain, verifyTeamDomain } from "./team-domains";
import { spLogin, startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

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
const certOf = (xml: string) => /<ds:X509Certificate>([^<]+)</.exec(xml)![1];

/**
 * The owners' metadata with another signing certificate smuggled in: to an XML parser it sits in
 * a comment; to jackson, which first cuts `errorURL="<!--"` out of the text, it is a KeyDescriptor.
 */
function smuggle(ownersXml: string, cert: string): string {
  const hidden =
    `<Extensions>errorURL="<!--"</Extensions>` +
    `<KeyDescriptor use='signing'><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>` +
    `<Extensions>--></Extensions>`;
  return ownersXml.replace("</KeyDescriptor>", `</KeyDescriptor>${hidden}`);
}

it("an admin's edit that adds a signing certificate jackson reads and we would not withdraws the connection from owners", async () => {
  const team = await createTeam(t.db);
  const domain = `smuggle-${team.slug}.test`;
  const d = await addTeamDomain(t.db, team.id, domain, testActor);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
  const owner = await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER" });
  const admin = await createMember(t.db, team.id, { email: `admin@${domain}`, role: "ADMIN" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };
  const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false };

  const entityId = `https://corp.idp.test/${team.slug}`;
  const ownersIdp = new TestIdp(entityId, `${entityId}/sso`, generateKeyPair("owners-key"));
  const adminsIdp = new TestIdp(entityId, `${entityId}/sso`, generateKeyPair("admins-key"));
  const conn = await saveSamlConnection(deps(), team, { kind: "xml", xml: ownersIdp.metadataXml() }, asOwner, { label: "Corp" });
  assert.equal(conn.ownerConfigured, true);
  await t.db.ssoConnection.update({ where: { id: conn.id }, data: { testedAt: new Date(), testedEmail: owner.email } });

  const edited = await saveSamlConnection(
    deps(),
    team,
    { kind: "xml", xml: smuggle(ownersIdp.metadataXml(), certOf(adminsIdp.metadataXml())) },
    asAdmin,
    { connectionId: conn.id, label: "Corp" },
  ).catch((e: unknown) => e);

  const [after] = await listTeamConnections({ jackson: h.jackson, db: t.db }, team.id);
  if (!(edited instanceof Error)) {
    // Accepted: then it is an IdP change by an admin, as any other new certificate is.
    assert.equal(after.ownerConfigured, false, "the admin chose a certificate responses may be signed with");
    assert.equal(after.testedAt, null, "the test sign-in proved nothing about the new certificate");
  }
  // Either way, the admin's key does not sign in the owner.
  const login = await spLogin(h, t.db, team.id, adminsIdp, { email: owner.email }, { idp_hint: conn.clientID });
  assert.notEqual(login.result?.ok, true, JSON.stringify(login.result));
});
