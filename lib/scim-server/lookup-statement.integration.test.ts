// Okta's lookup by userName is read in the token's own statement (user-lookup.ts,
// userLookupAlongside): one round trip per lookup. Counted in Prisma's query log
// (testing/statement-log.ts), on a client without the direct driver path, so every statement shows.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { testActor } from "../testing/factories";
import { revokeScimToken } from "../scim-tokens/revoke-token";
import { oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";
import { listUsers } from "./users";
import { membersByUserName } from "./user-lookup";
import { SCIM_USER_COLUMNS } from "./member-json";

let db: StatementLog["db"];
let statementsOf: StatementLog["statementsOf"];
useStatementLog({}, (log) => ({ db, statementsOf } = log));

const lookup = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

describe("a lookup by userName", () => {
  it("is one statement, the token's, and answers the member", async () => {
    const { token } = await teamWithToken(db, "one-trip");
    const scim = scimClient(db, token);
    assert.equal((await scim("POST", "/Users", { body: oktaUser("ada@trip.test") })).status, 201);
    const { result, sent } = await statementsOf(() => scim("GET", lookup("ADA@trip.test")));
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.Resources.map((r: { userName: string }) => r.userName), ["ada@trip.test"]);
    assert.equal(sent.length, 1, sent.join("\n"));
    assert.match(sent[0]!, /"ScimToken"/);
    assert.match(sent[0]!, /"Membership"/);
    const missing = await statementsOf(() => scim("GET", lookup("nobody@trip.test")));
    assert.equal(missing.result.body.totalResults, 0);
    assert.equal(missing.sent.length, 1, missing.sent.join("\n"));
  });

  it("finds nothing in another team, and no member at all through a revoked token", async () => {
    const a = await teamWithToken(db, "trip-a");
    const b = await teamWithToken(db, "trip-b");
    assert.equal((await scimClient(db, a.token)("POST", "/Users", { body: oktaUser("grace@trip.test") })).status, 201);
    const other = await scimClient(db, b.token)("GET", lookup("grace@trip.test"));
    assert.equal(other.status, 200);
    assert.equal(other.body.totalResults, 0);
    await revokeScimToken(db, { teamId: a.team.id, tokenId: a.tokenId }, testActor);
    const revoked = await scimClient(db, a.token)("GET", lookup("grace@trip.test"));
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.Resources, undefined);
  });

  it("is read by the handler itself when the token's statement did not read it", async () => {
    const { team, token } = await teamWithToken(db, "trip-self");
    assert.equal((await scimClient(db, token)("POST", "/Users", { body: oktaUser("alan@trip.test") })).status, 201);
    const teamId = team.id;
    const url = new URL(`http://localhost${lookup("alan@trip.test")}`);
    const ctx = { db, teamId, actor: testActor, membershipEpoch: 0, baseUrl: "http://localhost/api/scim/v2", request: new Request(url), url };
    // None from the token's statement, one for another userName, or one the statement did not read.
    for (const alongside of [null, { key: "someone-else@trip.test", value: [] }, { key: "alan@trip.test", value: null }]) {
      const { result, sent } = await statementsOf(() => listUsers({ ...ctx, alongside }, url.searchParams));
      assert.deepEqual(result.Resources.map((r) => (r as { userName: string }).userName), ["alan@trip.test"]);
      assert.equal(sent.length, 1);
      assert.match(sent[0]!, /"Membership"/);
    }
  });

  it("reads only the columns a User is rendered from: no sign-in time, no source, no id of the shared person", async () => {
    const { team, token } = await teamWithToken(db, "trip-narrow");
    assert.equal((await scimClient(db, token)("POST", "/Users", { body: oktaUser("edsger@trip.test") })).status, 201);
    const [member] = await membersByUserName(db, team.id, "edsger@trip.test");
    assert.ok(member);
    assert.deepEqual(Object.keys(member).sort(), [...SCIM_USER_COLUMNS, "groups"].sort());
  });
});
