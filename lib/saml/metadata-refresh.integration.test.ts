// The daily metadata check: a certificate the IdP rolled over at its metadata URL is adopted,
// audited, and logins signed with the new key work; each connection is fetched once a day even
// when several instances run the check at once.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { listTeamConnections, saveSamlConnection } from "./connections";
import { addTeamDomain, verifyTeamDomain } from "./team-domains";
import { refreshMetadataUrls } from "./metadata-refresh";
import { idpLogin, startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
let server: http.Server;
let origin: string;
let served = "";

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
  server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/samlmetadata+xml" });
    res.end(served);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server?.close();
  await h?.close();
  await t?.close();
});

describe("metadata refresh", () => {
  it("adopts a rolled-over certificate once a day, audited, and logins with the new key work", async () => {
    const team = await createTeam(t.db);
    const domain = `${team.slug}.example.test`;
    const d = await addTeamDomain(t.db, team.id, domain, testActor);
    await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
    const entityId = `https://idp.test/${team.slug}`;
    const oldIdp = new TestIdp(entityId, `${entityId}/sso`, generateKeyPair("old-key"));
    const newIdp = new TestIdp(entityId, `${entityId}/sso`, generateKeyPair("new-key"));
    served = oldIdp.metadataXml();
    const deps = { jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: true };
    await saveSamlConnection(deps, team, { kind: "url", url: `${origin}/metadata` }, testActor);
    const clientId = (await listTeamConnections(deps, team.id))[0]!.clientID;

    const day0 = new Date("2026-06-01T03:00:00Z");
    const first = await refreshMetadataUrls({ ...deps, now: day0 });
    assert.deepEqual(first.filter((r) => r.teamId === team.id), [{ clientId, teamId: team.id, outcome: "unchanged" }]);

    // The IdP rolls over; a second instance running the check the same day fetches nothing.
    served = newIdp.metadataXml();
    const sameDay = await refreshMetadataUrls({ ...deps, now: new Date("2026-06-01T09:00:00Z") });
    assert.equal(sameDay.filter((r) => r.teamId === team.id).length, 0);
    const bad = await idpLogin(h, t.db, newIdp, { email: `a@${domain}` });
    assert.equal(bad.acs.kind, "refused", "the new key is not trusted before the check adopts it");

    const day1 = new Date("2026-06-02T03:00:00Z");
    const [a, b] = await Promise.all([refreshMetadataUrls({ ...deps, now: day1 }), refreshMetadataUrls({ ...deps, now: day1 })]);
    const mine = [...a, ...b].filter((r) => r.teamId === team.id);
    assert.deepEqual(mine, [{ clientId, teamId: team.id, outcome: "rolled_over" }], "claimed by exactly one run");
    const audit = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: "saml.connection_changed" } });
    assert.ok(audit.some((e) => (e.details as { change?: string }).change === "certificate_rolled_over"));

    const good = await idpLogin(h, t.db, newIdp, { email: `a@${domain}` });
    assert.equal(good.acs.kind, "redirect", JSON.stringify(good.acs));
    assert.equal((await listTeamConnections(deps, team.id))[0]?.saml?.metadataUrl, `${origin}/metadata`, "still loaded from the URL");
  });
});
