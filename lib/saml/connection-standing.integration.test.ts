// A connection's save or deletion by a person whose role changed since their request was checked
// is refused before jackson is written: jackson's store is not the transaction's, and a refusal
// at the audit (after it) left an owner-approved connection with an admin's certificate,
// unrecorded and still approved, or a connection deleted from jackson but not from the page
// (found by review). The actor here carries the standing its request read; the membership says
// otherwise, as after a demotion that committed meanwhile.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { OIDCSSORecord, SAMLSSORecord } from "@boxyhq/saml-jackson";
import type { Actor } from "../audit/actor";
import { StandingChangedError } from "../audit/standing";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { createMember, createTeam } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { deleteTeamConnection, saveSamlConnection } from "./connections";
import { SAML_PRODUCT } from "./constants";
import { startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

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
const records = async (teamId: string) =>
  ((await h.jackson.connectionAPIController.getConnections({ tenant: teamId, product: SAML_PRODUCT })) as (SAMLSSORecord & OIDCSSORecord)[]).map((r) => ({ clientID: r.clientID, cert: r.idpMetadata?.publicKey ?? null }));

/** A team whose owner saved a connection, and an admin acting with the standing her request read before she was demoted. */
async function demotedAdmin() {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const eve = await createMember(t.db, team.id, { email: `eve@${team.slug}.test`, role: "MEMBER" });
  const asOwner: Actor = { type: "user", userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" } };
  const asEve: Actor = { type: "user", userId: eve.userId, label: eve.email, mayManageOwners: false, standing: { teamId: team.id, role: "ADMIN" } };
  const idp = new TestIdp(`https://idp.test/${team.slug}`, `https://idp.test/${team.slug}/sso`, generateKeyPair("genuine"));
  const conn = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, asOwner, { label: "Okta" });
  return { team, idp, conn, asEve };
}

it("a demoted admin's save of an owner's connection with her own certificate changes nothing, jackson included", async () => {
  const { team, idp, conn, asEve } = await demotedAdmin();
  const before = { records: await records(team.id), row: await t.db.ssoConnection.findUniqueOrThrow({ where: { id: conn.id } }), audits: await t.db.auditEvent.count({ where: { teamId: team.id } }) };
  const hers = new TestIdp(idp.entityId, `https://idp.test/${team.slug}/sso`, generateKeyPair("eve's own"));
  await assert.rejects(saveSamlConnection(deps(), team, { kind: "xml", xml: hers.metadataXml() }, asEve, { connectionId: conn.id, label: "Okta" }), StandingChangedError);
  assert.deepEqual(await records(team.id), before.records, "jackson keeps the owner's certificate");
  assert.deepEqual(await t.db.ssoConnection.findUniqueOrThrow({ where: { id: conn.id } }), before.row);
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id } }), before.audits);
});

it("a demoted admin's deletion of a connection deletes nothing, jackson included", async () => {
  const { team, conn, asEve } = await demotedAdmin();
  const before = await records(team.id);
  await assert.rejects(deleteTeamConnection(deps(), team.id, conn.id, asEve), StandingChangedError);
  assert.deepEqual(await records(team.id), before);
  assert.equal(await t.db.ssoConnection.count({ where: { id: conn.id } }), 1);
});
