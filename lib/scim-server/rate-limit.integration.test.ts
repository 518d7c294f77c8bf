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
    // The limit is per clock minute: four requests that straddle a minute's end are two windows'
    // worth, so such a run is done again with a new token (two runs in a row cannot straddle).
    const minute = () => Math.floor(Date.now() / 60_000);
    let team, token, limited, statuses: number[];
    for (let run = 0; ; run++) {
      ({ team, token } = await teamWithToken(t.db, `limited-${run}`));
      const scim = scimClient(t.db, token);
      const first = minute();
      statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await scim("GET", "/Users")).status);
      limited = await scim("GET", "/Users");
      if (minute() === first || run === 1) break;
    }
    assert.deepEqual(statuses, [200, 200, 200]);

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
