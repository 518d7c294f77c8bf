// Its own file (its own process under node --test): the SCIM wrapper reads its per-minute limit
// from the environment when it loads, so the variable is set before the route modules are imported.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";

process.env.SCIM_RATE_LIMIT_PER_MINUTE = "3";
const { scimClient, teamWithToken } = await import("../testing/scim-harness");

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

describe("SCIM rate limit", () => {
  it("answers 429 in the SCIM error format with Retry-After once a token has used its minute, and logs it", async () => {
    const { team, token } = await teamWithToken(t.db, "limited");
    const scim = scimClient(t.db, token);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await scim("GET", "/Users")).status);
    assert.deepEqual(statuses, [200, 200, 200]);

    const limited = await scim("GET", "/Users");
    assert.equal(limited.status, 429);
    assert.equal(limited.body.status, "429");
    assert.deepEqual(limited.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);

    // Another token of the same team has a budget of its own.
    const other = await teamWithToken(t.db, "limited-other");
    assert.equal((await scimClient(t.db, other.token)("GET", "/Users")).status, 200);

    const log = await t.db.scimRequestLog.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } });
    assert.deepEqual(log.map((e) => e.status), [200, 200, 200, 429]);
  });
});
