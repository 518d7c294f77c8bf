// "Turn off Require SSO first": deleting a connection is refused when it would leave a team that
// requires SSO with none. Checked only before the deletion's transaction, two deletions of a
// team's last two connections each saw the other still there and left SSO required with no
// connection (found by review); it is checked under the team's lock.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { useDatabaseForTests } from "../db/client";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { createMember, createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { pausingAfter } from "../testing/pause-after";
import { SAML_PRODUCT } from "./constants";
import { deleteTeamConnection, saveSamlConnection } from "./connections";
import { startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

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

it("two deletions of a team's last two connections at once: the second is refused, one connection stays", async () => {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const deps = (db = t.db) => ({ jackson: h.jackson, db, appUrl: TEST_APP_URL, allowLoopbackFetch: false });
  const idp = (n: string) => new TestIdp(`https://${n}.idp.test/${team.slug}`, `https://${n}.idp.test/sso`, generateKeyPair(n)).metadataXml();
  const a = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp("a") }, testActor, { label: "A" });
  const b = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp("b") }, testActor, { label: "B" });
  await t.db.team.update({ where: { id: team.id }, data: { ssoRequired: true } });
  // The first deletion found its connection, then the second runs whole before it goes on.
  const paused = pausingAfter(t.db, "ssoConnection", "findMany", async () => {
    await deleteTeamConnection(deps(), team.id, b.id, asOwner);
  });
  await assert.rejects(deleteTeamConnection(deps(paused), team.id, a.id, asOwner), /Turn off “Require SSO” first/);
  assert.deepEqual((await t.db.ssoConnection.findMany({ where: { teamId: team.id } })).map((c) => c.id), [a.id]);
  assert.equal((await h.jackson.connectionAPIController.getConnections({ tenant: team.id, product: SAML_PRODUCT })).length, 1, "jackson keeps it too");
});
