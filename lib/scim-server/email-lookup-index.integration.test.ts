// Lookups by address are answered from an index (migration membership_emails_index), not by
// reading every member of the team: Entra ID matching on mail asks `emails[type eq "work"].value
// eq "…"` for each user of each sync. The test asks PostgreSQL for its plan of the very statement
// each filter sent, with whole-table reads priced out: without the index, the only way left is
// to read the team in order and test each member (an index scan of the team), so the plan names
// the emails index only when the filter's expression matches it.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";
import { createManyMembers } from "../testing/factories";

let log: StatementLog;
useStatementLog({}, (l) => (log = l));

/**
 * A lookup by address is the token's statement and then the lookup's own, planned with the address
 * in hand: prepared, PostgreSQL would settle on a generic plan after five runs, one that walks the
 * whole team (user-lookup.ts). Not in the token's statement: a request with any bearer secret,
 * valid or not, would have PostgreSQL plan it.
 */
function assertOwnStatement(sent: string[]) {
  assert.equal(sent.length, 2, sent.join("\n---\n"));
  assert.match(sent[0]!, /'alongside', NULL/, "the token's statement reads nothing alongside");
  assert.match(sent[1]!, /#> '\{emails\}'::text\[\]/, "the lookup's own statement");
  assert.doesNotMatch(sent[1]!, /gatehouse:prepared/);
}

/** PostgreSQL's plan for a statement Prisma sent, with sequential scans priced out. */
async function planOf(query: string, params: unknown[]): Promise<string> {
  const rows = await log.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    return tx.$queryRawUnsafe<unknown[]>(`EXPLAIN (FORMAT JSON) ${query}`, ...params);
  });
  return JSON.stringify(rows);
}

describe("SCIM lookups by address use the emails index", () => {
  let scim: ReturnType<typeof scimClient>;
  before(async () => {
    const { team, token } = await teamWithToken(log.db, "emails-index");
    scim = scimClient(log.db, token);
    for (const i of [7, 42]) {
      const extra = i === 7 ? { emails: [{ value: "m7@x.test", primary: true, type: "work" }, { value: "second-7@x.test", type: "home" }] } : {};
      assert.equal((await scim("POST", "/Users", { body: oktaUser(`m${i}@x.test`, extra) })).status, 201);
    }
    // A team of a size where reading it whole costs more than the index (at a few dozen members
    // PostgreSQL rightly reads them all), each member with a list as an IdP leaves it.
    await createManyMembers(log.db, team.id, 2_000);
    await log.db.$executeRawUnsafe(`UPDATE "Membership" SET "profileLists" = jsonb_build_object('emails', jsonb_build_array(jsonb_build_object('type', 'work', 'value', "emailNormalized", 'primary', true))) WHERE "profileLists" = '{}'`);
    await log.db.$executeRawUnsafe(`ANALYZE "Membership"`);
    // This test's own schema: a PostgreSQL database may hold other tests' schemas too.
    const index = await log.db.$queryRawUnsafe<{ reloptions: string[] | null }[]>(
      `SELECT c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'Membership_emails_idx' AND n.nspname = current_schema()`,
    );
    assert.equal(index.length, 1, "migration membership_emails_index made the index");
    // No pending list: entries written since the last vacuum would be searched one by one (migration).
    assert.deepEqual(index[0]!.reloptions, ["fastupdate=off"]);
  });

  // Alone, each is served by the lookup's own statement (user-lookup.ts), in the token's; with a
  // clause that changes nothing, by the general listing's Prisma statement.
  for (const [asked, userName] of [
    ['emails[type eq "work"].value eq "m42@x.test"', "m42@x.test"],
    ['emails[value eq "M42@x.test"]', "m42@x.test"],
    ['emails.value eq "m42@x.test"', "m42@x.test"],
    ['emails eq "second-7@x.test"', "m7@x.test"],
  ] as const) {
    for (const filter of [asked, `${asked} and userName pr`]) {
      it(filter, async () => {
        const { result, withParams } = await log.statementsOf(() => scim("GET", `/Users?filter=${encodeURIComponent(filter)}`));
        assert.equal(result.status, 200);
        assert.deepEqual(result.body.Resources.map((u: { userName: string }) => u.userName), [userName]);
        const listing = withParams.filter((s) => /"profileLists"\s*#>/.test(s.query));
        assert.equal(listing.length, 1, "one statement compares the emails list");
        if (filter === asked) assertOwnStatement(withParams.map((w) => w.query));
        const plan = await planOf(listing[0]!.query, listing[0]!.params);
        assert.match(plan, /Membership_emails_idx/);
      });
    }
  }

  it("email eq (Okta's email identifier) is the lookup's own statement too", async () => {
    const { result, sent } = await log.statementsOf(() => scim("GET", `/Users?filter=${encodeURIComponent('email eq "M42@x.test"')}`));
    assert.deepEqual(result.body.Resources.map((u: { userName: string }) => u.userName), ["m42@x.test"]);
    assertOwnStatement(sent);
  });
});
