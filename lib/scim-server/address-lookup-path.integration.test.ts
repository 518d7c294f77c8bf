// A lookup by address (Entra ID matching on mail) is planned with its address every time
// (user-lookup.ts), and sent to the driver itself as the hot path's prepared statements are, not
// through Prisma's client (statement-names.ts, queryPlannedEachTime, says what that saves).
// Unnamed either way, so PostgreSQL never settles on a generic plan for it. This checks the route;
// user-lookup.integration.test.ts runs the real driver's path (the test databases register it).
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { registerDirectQuery } from "../db/direct-query";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";

let log: StatementLog;
useStatementLog({}, (l) => (log = l));

describe("a lookup by address", () => {
  const direct: string[] = [];
  before(() => {
    // The direct path of this client: what reaches it, then run as the driver would run it.
    registerDirectQuery(log.db, (text, values) => {
      direct.push(text);
      return log.db.$queryRawUnsafe(text, ...values);
    });
  });

  it("goes to the driver's direct path, unnamed, and answers the member", async () => {
    const { token } = await teamWithToken(log.db, "address-path");
    const scim = scimClient(log.db, token);
    assert.equal((await scim("POST", "/Users", { body: oktaUser("ada@path.test") })).status, 201);
    direct.length = 0;
    const filter = 'emails[type eq "work"].value eq "ADA@path.test"';
    const { result, sent } = await log.statementsOf(() => scim("GET", `/Users?filter=${encodeURIComponent(filter)}`));
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.Resources.map((u: { userName: string }) => u.userName), ["ada@path.test"]);
    const lookup = sent.filter((s) => /#> '\{emails\}'::text\[\]/.test(s));
    assert.equal(lookup.length, 1, sent.join("\n---\n"));
    assert.ok(direct.includes(lookup[0]!), "the lookup's statement went to the direct path");
    assert.doesNotMatch(lookup[0]!, /gatehouse:prepared/, "not named: planned with the address each time");
  });
});
