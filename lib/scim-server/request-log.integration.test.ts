// The SCIM request log through the real route handlers: what it records of a failure, which team a
// refused token's request is filed with (and never another), and errors kept apart from successes.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { systemActor } from "../audit/actor";
import { revokeScimToken } from "../scim-tokens/revoke-token";
import { createScimToken } from "../scim-tokens/create-token";
import { listScimRequests } from "../audit/list-audit";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";
import { REQUEST_LOG_KEEP, logScimRequest, trimRequestLog, type RequestLogEntry } from "./request-log";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const logOf = (teamId: string) => t.db.scimRequestLog.findMany({ where: { teamId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("SCIM request log", () => {
  it("records a failure's scimType and detail, the token, the decoded path and masked bodies", async () => {
    const { team, token, tokenId } = await teamWithToken(t.db, "log-detail");
    const scim = scimClient(t.db, token);
    assert.equal((await scim("GET", `/Users?filter=${encodeURIComponent('title pr and nickName eq "x"')}`)).status, 200);
    const bad = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@log.test" and foo eq "1"')}`);
    assert.equal(bad.status, 400);
    const created = await scim("POST", "/Users", { body: oktaUser("ada@log.test") });
    assert.equal(created.status, 201);
    const dup = await scim("POST", "/Users", { body: oktaUser("ada@log.test") });
    assert.equal(dup.status, 409);

    const [ok, filter, post, conflict] = await logOf(team.id);
    assert.equal(ok!.isError, false);
    assert.equal(filter!.isError, true);
    assert.equal(filter!.scimType, "invalidFilter");
    assert.ok(filter!.errorDetail, "the detail the API answered");
    assert.equal(filter!.tokenId, tokenId);
    assert.equal(filter!.tokenName, "Okta");
    assert.match(filter!.tokenPrefix!, /^ghscim_/);
    assert.match(filter!.path, /^\/api\/scim\/v2\/Users\?filter=userName eq "a…@log\.test~[0-9a-f]{6}" and foo eq "1"$/);
    assert.equal(post!.memberId, created.body.id, "a POST is filed under the member it created");
    assert.equal(conflict!.scimType, "uniqueness");
    for (const row of [post!, conflict!]) {
      assert.ok(row.requestBody && !row.requestBody.includes("ada@log.test") && !row.requestBody.includes("1mP0ssible"), row.requestBody ?? "");
      assert.ok(row.requestBody.includes('"password":"[redacted]"'));
      assert.ok(!row.responseBody?.includes("ada@log.test"));
    }
    const patched = await scim("PATCH", `/Users/${created.body.id}`, {
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] },
    });
    assert.equal(patched.status, 200);
    assert.equal((await logOf(team.id)).at(-1)!.memberId, created.body.id);
  });

  it("files revoked, expired and mistyped tokens with their own team only, with the reason", async () => {
    const a = await teamWithToken(t.db, "log-a");
    const b = await teamWithToken(t.db, "log-b");
    const expired = await createScimToken(t.db, { teamId: a.team.id, name: "Old Okta", expiresAt: new Date(Date.now() - 1000), mayManageOwners: false }, systemActor("test"));
    await revokeScimToken(t.db, { teamId: a.team.id, tokenId: a.tokenId }, systemActor("test"));

    assert.equal((await scimClient(t.db, a.token)("GET", "/Users")).status, 401);
    assert.equal((await scimClient(t.db, expired.secret)("GET", "/Groups")).status, 401);
    // The right prefix with a wrong secret (a truncated paste), and a secret no team has.
    assert.equal((await scimClient(t.db, `${expired.secret.slice(0, -4)}AAAA`)("GET", "/Users")).status, 401);
    assert.equal((await scimClient(t.db, "ghscim_nobodyhasthisone")("GET", "/Users")).status, 401);
    assert.equal((await scimClient(t.db, "not-even-ours")("GET", "/Users")).status, 401);

    const logA = await logOf(a.team.id);
    assert.deepEqual(
      logA.map((r) => [r.status, r.authProblem, r.tokenName, r.isError]),
      [
        [401, "revoked", "Okta", true],
        [401, "expired", "Old Okta", true],
        [401, "unknown", "Old Okta", true],
      ],
    );
    assert.equal(logA[0]!.errorDetail, "The bearer token has been revoked");
    assert.equal(logA[2]!.tokenId, null, "an unknown secret is no token of ours");
    assert.equal(logA[2]!.tokenPrefix, expired.prefix);
    assert.deepEqual(await logOf(b.team.id), [], "nothing of team A's is filed with team B");
    assert.equal(await t.db.scimRequestLog.count({ where: { teamId: { notIn: [a.team.id, b.team.id] }, authProblem: { not: null } } }), 0);
  });

  it("keeps errors apart from successes: a burst of successes does not push out an error", async () => {
    const { team } = await teamWithToken(t.db, "log-retention");
    const entry = (isError: boolean): RequestLogEntry => ({
      teamId: team.id, tokenId: null, method: "GET", path: "/api/scim/v2/Users", status: isError ? 400 : 200, durationMs: 1, userAgent: null,
      isError, tokenName: null, tokenPrefix: null, authProblem: null, scimType: isError ? "invalidFilter" : null, errorDetail: null, memberId: null,
      requestBody: null, responseBody: null,
    });
    const start = Date.now() - 100_000;
    for (let i = 0; i < 3; i++) await logScimRequest(t.db, entry(true), { random: () => 1, now: new Date(start + i) });
    for (let i = 0; i < 30; i++) await logScimRequest(t.db, entry(false), { random: () => 1, now: new Date(start + 10 + i) });
    await trimRequestLog(t.db, team.id, false, 10);
    await trimRequestLog(t.db, team.id, true, 2);
    const rows = await logOf(team.id);
    assert.equal(rows.filter((r) => !r.isError).length, 10);
    assert.equal(rows.filter((r) => r.isError).length, 2);
    // The newest of each are the ones kept.
    assert.equal(rows.filter((r) => !r.isError)[0]!.createdAt.getTime(), start + 30);
    assert.equal(rows.filter((r) => r.isError)[0]!.createdAt.getTime(), start + 1);

    const errors = await listScimRequests(t.db, { teamId: team.id, errorsOnly: true });
    assert.deepEqual(errors.requests.map((r) => r.status), [400, 400]);
    assert.ok(REQUEST_LOG_KEEP.errors > REQUEST_LOG_KEEP.successes);
  });
});
