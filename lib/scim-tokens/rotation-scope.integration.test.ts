// SCIM token rotation with an overlap, the expiry warning and the read-only scope, through the
// real SCIM route handlers on a real database.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { scimClient } from "../testing/scim-harness";
import { createScimToken } from "./create-token";
import { rotateScimToken } from "./rotate-token";
import { authenticateScimToken } from "./authenticate-token";
import { tokenExpiryState } from "./token-expiry";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const user = (userName: string) => ({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, active: true });

describe("SCIM token scope", () => {
  it("a read-only token reads; every write is 403 in the SCIM error format and changes nothing", async () => {
    const team = await createTeam(t.db);
    const ro = await createScimToken(t.db, { teamId: team.id, name: "Reports", mayManageOwners: false, scope: "read-only" }, testActor);
    const rw = await createScimToken(t.db, { teamId: team.id, name: "Okta", mayManageOwners: false }, testActor);
    const read = scimClient(t.db, ro.secret);
    const write = scimClient(t.db, rw.secret);
    const created = await write("POST", "/Users", { body: user("a@x.test") });
    assert.equal(created.status, 201);

    assert.equal((await read("GET", "/Users")).status, 200);
    assert.equal((await read("GET", `/Users/${created.body.id}`)).status, 200);
    for (const [method, path, body] of [
      ["POST", "/Users", user("b@x.test")],
      ["PUT", `/Users/${created.body.id}`, user("a@x.test")],
      ["PATCH", `/Users/${created.body.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] }],
      ["DELETE", `/Users/${created.body.id}`, undefined],
      ["POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "g" }],
    ] as const) {
      const r = await read(method, path, body === undefined ? {} : { body });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.deepEqual(r.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
      assert.equal(r.body.status, "403");
      assert.match(r.body.detail, /read-only/);
    }
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 1);
    assert.equal((await t.db.membership.findFirstOrThrow({ where: { teamId: team.id } })).status, "ACTIVE");
  });
});

describe("SCIM token rotation", () => {
  it("the old token keeps working for the overlap, then is refused; the new one works at once; audited", async () => {
    const team = await createTeam(t.db);
    const old = await createScimToken(t.db, { teamId: team.id, name: "Okta", mayManageOwners: true, scope: "read-only" }, testActor);
    const now = new Date("2026-06-01T12:00:00Z");
    const rotated = await rotateScimToken(t.db, { teamId: team.id, tokenId: old.id, overlapHours: 24, mayManageOwners: true, now }, testActor);
    assert.equal(rotated.name, "Okta");
    assert.equal(rotated.scope, "read-only", "the successor keeps the scope");
    assert.equal(rotated.oldTokenValidUntil.toISOString(), "2026-06-02T12:00:00.000Z");

    const during = new Date("2026-06-02T11:59:00Z");
    assert.ok((await authenticateScimToken(t.db, `Bearer ${old.secret}`, { now: during })).ok);
    assert.ok((await authenticateScimToken(t.db, `Bearer ${rotated.secret}`, { now: during })).ok);
    const afterOverlap = new Date("2026-06-02T12:00:01Z");
    assert.equal((await authenticateScimToken(t.db, `Bearer ${old.secret}`, { now: afterOverlap })).ok, false);
    assert.ok((await authenticateScimToken(t.db, `Bearer ${rotated.secret}`, { now: afterOverlap })).ok);

    const row = await t.db.scimToken.findUniqueOrThrow({ where: { id: old.id } });
    assert.equal(row.replacedById, rotated.id);
    assert.deepEqual(tokenExpiryState(row, during), { kind: "retiring", until: row.expiresAt });
    await assert.rejects(rotateScimToken(t.db, { teamId: team.id, tokenId: old.id, overlapHours: 1, mayManageOwners: true }, testActor), /already rotated/);
    const actions = (await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    assert.deepEqual(actions, ["scim_token.created", "scim_token.created", "scim_token.rotated"]);
  });

  it("an overlap of 0 revokes the old token at once; two rotations at once make one successor", async () => {
    const team = await createTeam(t.db);
    const old = await createScimToken(t.db, { teamId: team.id, name: "Entra", mayManageOwners: false }, testActor);
    const results = await Promise.allSettled([0, 0].map(() => rotateScimToken(t.db, { teamId: team.id, tokenId: old.id, overlapHours: 0, mayManageOwners: false }, testActor)));
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const refused = await authenticateScimToken(t.db, `Bearer ${old.secret}`);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, "revoked");
    assert.equal(await t.db.scimToken.count({ where: { teamId: team.id } }), 2);
  });

  it("refuses an overlap out of range and another team's token", async () => {
    const team = await createTeam(t.db);
    const other = await createTeam(t.db);
    const tok = await createScimToken(t.db, { teamId: team.id, name: "x", mayManageOwners: false }, testActor);
    await assert.rejects(rotateScimToken(t.db, { teamId: team.id, tokenId: tok.id, overlapHours: -1, mayManageOwners: false }, testActor), /overlap/);
    await assert.rejects(rotateScimToken(t.db, { teamId: other.id, tokenId: tok.id, overlapHours: 1, mayManageOwners: false }, testActor), /not found/);
  });
});

describe("token expiry warning", () => {
  it("warns 14 days ahead, not before", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const at = (days: number) => ({ expiresAt: new Date(now.getTime() + days * 86_400_000), revokedAt: null });
    assert.deepEqual(tokenExpiryState(at(15), now), { kind: "ok" });
    assert.deepEqual(tokenExpiryState(at(14), now), { kind: "expiring", daysLeft: 14 });
    assert.deepEqual(tokenExpiryState(at(0.5), now), { kind: "expiring", daysLeft: 1 });
    assert.deepEqual(tokenExpiryState(at(-1), now), { kind: "expired" });
    assert.deepEqual(tokenExpiryState({ expiresAt: null, revokedAt: null }, now), { kind: "ok" });
  });
});
