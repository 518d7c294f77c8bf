// SSO setup links: 1–7 days, only the hash stored, refused once expired or revoked, audited.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTeam, testActor } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { hashLinkToken } from "../invitations/link-token";
import { createSetupLink, openSetupLink, revokeSetupLink } from "./setup-links";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

describe("SSO setup links", () => {
  it("lasts 1 to 7 days and stores only the secret's hash", async () => {
    const team = await createTeam(t.db);
    for (const days of [0, 8, 2.5]) await assert.rejects(createSetupLink(t.db, team.id, days, testActor), /between 1 and 7 days/);
    const now = new Date("2026-12-01T09:30:00Z");
    const link = await createSetupLink(t.db, team.id, 7, testActor, now);
    const row = await t.db.ssoSetupLink.findUniqueOrThrow({ where: { id: link.id } });
    assert.equal(row.tokenHash, hashLinkToken(link.secret));
    assert.equal(JSON.stringify(row).includes(link.secret), false);
    assert.equal(row.expiresAt.toISOString(), "2026-12-08T09:30:00.000Z");
  });

  it("opens its own team while active, as the setup-link actor, auditing the first use", async () => {
    const team = await createTeam(t.db);
    const link = await createSetupLink(t.db, team.id, 1, testActor);
    const access = await openSetupLink(t.db, link.secret);
    assert.ok(access.ok);
    assert.equal(access.team.id, team.id);
    assert.equal(access.actor.type, "setup_link");
    await openSetupLink(t.db, link.secret);
    const actions = (await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    assert.deepEqual(actions, ["sso_setup_link.created", "sso_setup_link.used"]);
  });

  it("is refused after expiry, after revocation, and when unknown", async () => {
    const team = await createTeam(t.db);
    const link = await createSetupLink(t.db, team.id, 1, testActor);
    assert.deepEqual(await openSetupLink(t.db, link.secret, new Date(Date.now() + 86_400_000 + 1000)), { ok: false, reason: "expired" });
    await revokeSetupLink(t.db, team.id, link.id, testActor);
    assert.deepEqual(await openSetupLink(t.db, link.secret), { ok: false, reason: "revoked" });
    assert.deepEqual(await openSetupLink(t.db, "x".repeat(43)), { ok: false, reason: "unknown" });
    assert.deepEqual(await openSetupLink(t.db, "../../etc"), { ok: false, reason: "unknown" });
  });

  it("cannot be revoked through another team", async () => {
    const [a, b] = [await createTeam(t.db), await createTeam(t.db)];
    const link = await createSetupLink(t.db, a.id, 3, testActor);
    await revokeSetupLink(t.db, b.id, link.id, testActor);
    assert.ok((await openSetupLink(t.db, link.secret)).ok);
  });
});
