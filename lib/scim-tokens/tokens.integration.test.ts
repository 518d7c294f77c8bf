import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { createScimToken } from "./create-token";
import { revokeScimToken } from "./revoke-token";
import { authenticateScimToken } from "./authenticate-token";
import { hashTokenSecret } from "./token-secret";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const ref = (t: { id: string; name: string; prefix: string }, teamId: string) => ({ id: t.id, teamId, name: t.name, prefix: t.prefix });

describe("SCIM tokens", () => {
  it("stores only the hash, resolves the secret to its team and records use", async () => {
    const team = await createTeam(t.db);
    const created = await createScimToken(t.db, { teamId: team.id, name: "Okta", mayManageOwners: true }, testActor);
    const row = await t.db.scimToken.findUniqueOrThrow({ where: { id: created.id } });
    assert.equal(row.tokenHash, hashTokenSecret(created.secret));
    assert.ok(!JSON.stringify(row).includes(created.secret));
    assert.ok(created.secret.startsWith(row.prefix));

    const auth = await authenticateScimToken(t.db, `bearer ${created.secret}`);
    assert.deepEqual(auth, { ok: true, token: { id: created.id, teamId: team.id, name: "Okta", prefix: created.prefix, mayManageOwners: true, scope: "read-write" }, membershipEpoch: 0, rateLimit: null, alongside: null });
    const used = await t.db.scimToken.findUniqueOrThrow({ where: { id: created.id } });
    assert.ok(used.lastUsedAt);
  });

  it("refuses missing, unknown, revoked and expired tokens", async () => {
    const team = await createTeam(t.db);
    assert.deepEqual(await authenticateScimToken(t.db, null), { ok: false, reason: "missing" });
    assert.deepEqual(await authenticateScimToken(t.db, "Basic abc"), { ok: false, reason: "missing" });
    assert.deepEqual(await authenticateScimToken(t.db, "Bearer ghscim_nope"), { ok: false, reason: "invalid", lookalike: null, presentedPrefix: null });

    const revoked = await createScimToken(t.db, { teamId: team.id, name: "old", mayManageOwners: false }, testActor);
    await revokeScimToken(t.db, { teamId: team.id, tokenId: revoked.id }, testActor);
    assert.deepEqual(await authenticateScimToken(t.db, `Bearer ${revoked.secret}`), { ok: false, reason: "revoked", token: ref(revoked, team.id) });

    const expired = await createScimToken(t.db, { teamId: team.id, name: "short", expiresAt: new Date(Date.now() - 1000), mayManageOwners: false }, testActor);
    assert.deepEqual(await authenticateScimToken(t.db, `Bearer ${expired.secret}`), { ok: false, reason: "expired", token: ref(expired, team.id) });

    // An expiry that does not read as a date (written outside the app) fails closed.
    const odd = await createScimToken(t.db, { teamId: team.id, name: "odd", expiresAt: new Date(Date.now() + 3_600_000), mayManageOwners: false }, testActor);
    await t.db.$executeRaw`UPDATE "ScimToken" SET "expiresAt" = 'infinity' WHERE id = ${odd.id}`;
    assert.deepEqual(await authenticateScimToken(t.db, `Bearer ${odd.secret}`), { ok: false, reason: "expired", token: ref(odd, team.id) });
  });

  it("reads the token's times to the millisecond and as UTC, whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const team = await createTeam(t.db);
      const expiresAt = new Date("2026-03-01T10:00:00.123Z");
      const tok = await createScimToken(t.db, { teamId: team.id, name: "edge", expiresAt, mayManageOwners: false }, testActor);
      assert.equal((await authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now: new Date(expiresAt.getTime() - 1) })).ok, true);
      assert.deepEqual(await authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now: expiresAt }), { ok: false, reason: "expired", token: ref(tok, team.id) });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("stamps its use at most once a minute, and over a stamp that does not read as a date", async () => {
    const team = await createTeam(t.db);
    const tok = await createScimToken(t.db, { teamId: team.id, name: "stamped", mayManageOwners: false }, testActor);
    const now = new Date("2026-03-01T10:00:00.000Z");
    const stamp = async () => (await t.db.scimToken.findUniqueOrThrow({ where: { id: tok.id } })).lastUsedAt?.toISOString();
    await authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now });
    assert.equal(await stamp(), now.toISOString());
    await authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now: new Date(now.getTime() + 60_000) });
    assert.equal(await stamp(), now.toISOString());
    await t.db.$executeRaw`UPDATE "ScimToken" SET "lastUsedAt" = '-infinity' WHERE id = ${tok.id}`;
    await authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now });
    assert.equal(await stamp(), now.toISOString());
  });

  it("counts a usable token's requests against a rate limit, and only those", async () => {
    const team = await createTeam(t.db);
    const tok = await createScimToken(t.db, { teamId: team.id, name: "limited", mayManageOwners: false }, testActor);
    const rule = { limit: 2, windowSeconds: 60 };
    const now = new Date("2026-03-01T10:00:10Z");
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const auth = await authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now, rateLimit: rule });
      assert.ok(auth.ok);
      seen.push(auth.rateLimit);
    }
    assert.deepEqual(seen, [
      { allowed: true, remaining: 1, retryAfterSeconds: 50 },
      { allowed: true, remaining: 0, retryAfterSeconds: 50 },
      { allowed: false, remaining: 0, retryAfterSeconds: 50 },
    ]);
    // A new window starts the count again.
    const later = await authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now: new Date("2026-03-01T10:01:00Z"), rateLimit: rule });
    assert.ok(later.ok && later.rateLimit?.allowed);

    // A revoked or unknown token is refused without leaving a counter behind.
    const revoked = await createScimToken(t.db, { teamId: team.id, name: "gone", mayManageOwners: false }, testActor);
    await revokeScimToken(t.db, { teamId: team.id, tokenId: revoked.id }, testActor);
    assert.deepEqual(await authenticateScimToken(t.db, `Bearer ${revoked.secret}`, { now, rateLimit: rule }), { ok: false, reason: "revoked", token: ref(revoked, team.id) });
    assert.equal(await t.db.rateLimit.count({ where: { key: `scim:${revoked.id}` } }), 0);
    const expired = await createScimToken(t.db, { teamId: team.id, name: "old", expiresAt: new Date("2026-03-01T10:00:00Z"), mayManageOwners: false }, testActor);
    assert.deepEqual(await authenticateScimToken(t.db, `Bearer ${expired.secret}`, { now, rateLimit: rule }), { ok: false, reason: "expired", token: ref(expired, team.id) });
    assert.equal(await t.db.rateLimit.count({ where: { key: `scim:${expired.id}` } }), 0);
    assert.equal(await t.db.rateLimit.count({ where: { key: `scim:${tok.id}` } }), 1);
  });

  it("counts concurrent requests of one token exactly", async () => {
    const team = await createTeam(t.db);
    const tok = await createScimToken(t.db, { teamId: team.id, name: "burst", mayManageOwners: false }, testActor);
    const rule = { limit: 10, windowSeconds: 60 };
    const now = new Date("2026-01-01T00:00:00Z");
    const results = await Promise.all(Array.from({ length: 20 }, () => authenticateScimToken(t.db, `Bearer ${tok.secret}`, { now, rateLimit: rule })));
    assert.equal(results.filter((r) => r.ok && r.rateLimit?.allowed).length, 10);
  });

  it("audits creation and revocation", async () => {
    const team = await createTeam(t.db);
    const tok = await createScimToken(t.db, { teamId: team.id, name: "audited", mayManageOwners: false }, testActor);
    await revokeScimToken(t.db, { teamId: team.id, tokenId: tok.id }, testActor);
    const actions = (await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    assert.deepEqual(actions, ["scim_token.created", "scim_token.revoked"]);
  });
});
