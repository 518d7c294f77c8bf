// Revoking a setup link and the link's own write in flight took the team and the link in opposite
// orders (the revocation: the link, then the team for its audit; the write: the team, then the link
// it holds, lib/audit/standing.ts): PostgreSQL aborted one of them, and either could be the owner's
// revocation (found by review). The revocation now takes the team first: the two take turns.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { generateKeyPair } = await import("../../e2e/idp/keys");
const { TestIdp } = await import("../../e2e/idp/test-idp");
const { createMember, createTeam } = await import("../testing/factories");
const { waitsForLock } = await import("../testing/postgres-locks");
const { pausingInTransaction } = await import("../testing/pause-after");
const { deleteTeamConnection, saveSamlConnection } = await import("./connections");
const { createSetupLink, openSetupLink, revokeSetupLink } = await import("./setup-links");
const { startJacksonForTests, TEST_APP_URL } = await import("./testing/jackson-harness");

let h: Awaited<ReturnType<typeof startJacksonForTests>>;
before(async () => {
  h = await startJacksonForTests(t.db, t.kind);
});
after(() => h?.close());
const deps = (db = t.db) => ({ jackson: h.jackson, db, appUrl: TEST_APP_URL, allowLoopbackFetch: false });
const settle = (p: Promise<unknown>) => p.then(() => "ok", (e: Error) => `${e.name}: ${e.message.split("\n").slice(-2).join(" ")}`);

async function teamWithLinkAndConnection() {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const idp = new TestIdp(`https://idp.test/${team.slug}`, `https://idp.test/${team.slug}/sso`, generateKeyPair(team.slug));
  const connection = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp.metadataXml() }, asOwner, { label: "Corp" });
  const link = await createSetupLink(t.db, team.id, 1, asOwner);
  const access = await openSetupLink(t.db, link.secret);
  assert.ok(access.ok);
  return { team, asOwner, connection, link, linkActor: access.actor };
}

it("the owner revokes while the link deletes a connection: the revocation goes first, the link's write is refused", async () => {
  const s = await teamWithLinkAndConnection();
  let write!: Promise<string>;
  let done = false;
  // The revocation, held once it has written the link's row; the link's deletion comes meanwhile.
  const revoking = pausingInTransaction(t.db, (call) => call === "ssoSetupLink.updateMany", async () => {
    write = settle(deleteTeamConnection(deps(), s.team.id, s.connection.id, s.linkActor)).finally(() => (done = true));
    await waitsForLock(admin, "FOR ", () => done);
  });
  const revoked = await settle(revokeSetupLink(revoking, s.team.id, s.link.id, s.asOwner));
  assert.deepEqual([revoked, await write], ["ok", "StandingChangedError: This setup link was revoked, expired or lost its maker's authority while this was being done, so nothing was changed."]);
  assert.equal(await t.db.ssoConnection.count({ where: { teamId: s.team.id } }), 1);
});

it("the link deletes a connection while the owner revokes: the write goes first, then the revocation", async () => {
  const s = await teamWithLinkAndConnection();
  let revoked!: Promise<string>;
  let done = false;
  // The link's deletion, held once it has the team and the link; the revocation comes meanwhile.
  const writing = pausingInTransaction(t.db, (call, sql) => call === "$queryRaw" && sql.includes('"SsoSetupLink"'), async () => {
    revoked = settle(revokeSetupLink(t.db, s.team.id, s.link.id, s.asOwner)).finally(() => (done = true));
    await waitsForLock(admin, "FOR ", () => done);
  });
  const write = await settle(deleteTeamConnection(deps(writing), s.team.id, s.connection.id, s.linkActor));
  assert.deepEqual([write, await revoked], ["ok", "ok"]);
  assert.notEqual((await t.db.ssoSetupLink.findUniqueOrThrow({ where: { id: s.link.id } })).revokedAt, null);
});
