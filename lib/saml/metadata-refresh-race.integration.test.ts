// The daily metadata refresh (metadata-refresh.ts) read jackson's record, fetched the metadata URL
// (which its host can hold open for seconds), then wrote the URL's certificates over whatever the
// record held by then: an owner's save in between (a pasted certificate, another URL, replacing a
// compromised key) was undone, and the replaced key signed people in again, owners included
// (found by review). The refresh now writes under the team's lock, only over the record it
// compared. A certificate the IdP stops publishing also stamps the team's vouching cutoff.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, it } from "node:test";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { useDatabaseForTests } from "../db/client";
import { createMember, createTeam } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { saveSamlConnection } from "./connections";
import { fetchMetadataXml } from "./metadata-fetch";
import { refreshMetadataUrls } from "./metadata-refresh";
import { idpLogin, startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
let server: http.Server;
let origin: string;
const served = new Map<string, string>();

before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
  h = await startJacksonForTests(t.db, t.kind);
  server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/samlmetadata+xml" });
    res.end(served.get(req.url ?? "") ?? "");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server?.close();
  await h?.close();
  await t?.close();
});

const deps = () => ({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: true });
const certOf = (idp: TestIdp) => /<ds:X509Certificate>([^<]+)</.exec(idp.metadataXml())![1]!.replace(/\s+/g, "");
const trusted = async (clientID: string) => {
  const [record] = (await h.jackson.connectionAPIController.getConnections({ clientID })) as { idpMetadata: { publicKey: string } }[];
  return record!.idpMetadata.publicKey.replace(/\s+/g, "");
};

async function teamWithUrlConnection(path: string) {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const entityId = `https://corp.idp.test/${team.slug}`;
  const idp = (k: string) => new TestIdp(entityId, `${entityId}/sso`, generateKeyPair(`${team.slug}-${k}`));
  const first = idp("first");
  served.set(path, first.metadataXml());
  const connection = await saveSamlConnection(deps(), team, { kind: "url", url: `${origin}${path}` }, asOwner, { label: "Corp" });
  return { team, owner, asOwner, idp, first, connection };
}

it("an owner's save landing while the refresh fetches the old URL stands: the old URL's certificate is not written over it", async () => {
  const { team, asOwner, idp, connection } = await teamWithUrlConnection("/a");
  const [rolled, owners] = [idp("rolled"), idp("owners")];
  served.set("/a", rolled.metadataXml());
  const results = await refreshMetadataUrls({
    ...deps(),
    now: new Date("2030-01-01T03:00:00Z"),
    fetchXml: async (url) => {
      // The owner replaces the connection's metadata by a pasted copy with another key, and commits.
      await saveSamlConnection(deps(), team, { kind: "xml", xml: owners.metadataXml() }, asOwner, { connectionId: connection.id, label: "Corp" });
      return fetchMetadataXml(url, { allowLoopback: true });
    },
  });
  assert.deepEqual(results.filter((r) => r.teamId === team.id).map((r) => r.outcome), ["unchanged"]);
  const stored = await trusted(connection.clientID);
  assert.ok(stored.includes(certOf(owners)), "the owner's certificate stays");
  assert.ok(!stored.includes(certOf(rolled)), "the old URL's certificate is not written");
  assert.notEqual((await idpLogin(h, t.db, rolled, { email: `ann@${team.slug}.test` })).acs.kind, "redirect", "the old URL's key signs no one in");
});

it("a refresh that finds the record as it read it rolls over, as before; one that drops a certificate stamps the cutoff, one that only adds one does not", async () => {
  const { team, idp, first, connection } = await teamWithUrlConnection("/b");
  const next = idp("next");
  const kd = /<KeyDescriptor[\s\S]*?<\/KeyDescriptor>/.exec(first.metadataXml())![0];
  served.set("/b", first.metadataXml().replace(kd, kd + kd.replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${certOf(next)}<`)));
  const added = await refreshMetadataUrls({ ...deps(), now: new Date("2030-02-01T03:00:00Z") });
  assert.deepEqual(added.filter((r) => r.teamId === team.id).map((r) => r.outcome), ["rolled_over"]);
  assert.ok((await trusted(connection.clientID)).includes(certOf(next)));
  assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).ssoChangedAt, null, "a certificate added vouches for nothing new that was refused");
  served.set("/b", next.metadataXml());
  const dropped = await refreshMetadataUrls({ ...deps(), now: new Date("2030-02-03T03:00:00Z") });
  assert.deepEqual(dropped.filter((r) => r.teamId === team.id).map((r) => r.outcome), ["rolled_over"]);
  assert.ok(!(await trusted(connection.clientID)).includes(certOf(first)));
  assert.notEqual((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).ssoChangedAt, null, "a login the dropped key answered, still in flight, opens no session");
});

it("metadata with an encryption key besides its signing key is not taken for a rollover every day", async () => {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const entityId = `https://corp.idp.test/${team.slug}`;
  const signing = new TestIdp(entityId, `${entityId}/sso`, generateKeyPair(`${team.slug}-signing`));
  const encryption = new TestIdp(entityId, `${entityId}/sso`, generateKeyPair(`${team.slug}-encryption`));
  const kd = /<KeyDescriptor[\s\S]*?<\/KeyDescriptor>/.exec(signing.metadataXml())![0];
  const encryptionKd = kd.replace('use="signing"', 'use="encryption"').replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${certOf(encryption)}<`);
  served.set("/c", signing.metadataXml().replace(kd, kd + encryptionKd));
  const connection = await saveSamlConnection(deps(), team, { kind: "url", url: `${origin}/c` }, asOwner, { label: "Corp" });
  const results = await refreshMetadataUrls({ ...deps(), now: new Date("2030-03-01T03:00:00Z") });
  assert.deepEqual(results.filter((r) => r.teamId === team.id).map((r) => r.outcome), ["unchanged"]);
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, targetId: connection.clientID } }), 0);
});

