// Totals of a whole team come from the counts the database keeps (lib/members/member-counts.ts),
// not from counting its members, which reads every one of them: SCIM's totalResults of the
// unfiltered directory (the first page of an Okta import, a page read without a cursor) and Manage
// Team's counts per status. A filtered listing still counts what its filter selects.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createManyMembers } from "../testing/factories";
import { oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { listMembers } from "../members/list-members";

let db: StatementLog["db"];
let statementsOf: StatementLog["statementsOf"];
useStatementLog({ directPath: true }, (log) => ({ db, statementsOf } = log));

// A count over the members themselves (Prisma's COUNT(*) of a Membership subquery, or list-members'
// raw count(*) FROM "Membership"), the last-owner count aside (a few rows of one role, by index).
// (Tests on PostgreSQL run in a schema of their own, which Prisma names instead of "public".)
const MEMBER_COUNT = /COUNT\(\*\) AS "_count\$_all" FROM \(SELECT "\w+"\."Membership"|count\(\*\) AS n FROM "Membership"/i;
const countsMembers = (sent: string[]) => sent.filter((q) => MEMBER_COUNT.test(q) && !/"role" = CAST/.test(q));

describe("a whole team's totals", () => {
  it("SCIM's unfiltered listing reads totalResults from the kept counts, on a first page and on a page without a cursor", async () => {
    const { team, token } = await teamWithToken(db, "kept-total");
    const scim = scimClient(db, token);
    for (const n of ["ada", "bob"]) assert.equal((await scim("POST", "/Users", { body: oktaUser(`${n}@kept-total.test`) })).status, 201);
    await createManyMembers(db, team.id, 5);
    for (const path of ["/Users?startIndex=1&count=2", "/Users?startIndex=4&count=2", "/Users?count=0"]) {
      const { result, sent } = await statementsOf(() => scim("GET", path));
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.equal(result.body.totalResults, 7, path);
      assert.deepEqual(countsMembers(sent), [], `${path}:\n${sent.join("\n")}`);
      assert.ok(sent.some((q) => q.includes(`"TeamMemberCount"`)), `${path}:\n${sent.join("\n")}`);
    }
    const filtered = await statementsOf(() => scim("GET", `/Users?filter=${encodeURIComponent(`userName sw "a"`)}&count=0`));
    assert.equal(filtered.result.body.totalResults, 1);
    assert.equal(countsMembers(filtered.sent).length, 1, filtered.sent.join("\n"));
  });

  it("Manage Team's counts per status, with or without a role filter, read the kept counts", async () => {
    const { team } = await teamWithToken(db, "kept-page");
    await createManyMembers(db, team.id, 4);
    for (const role of [undefined, "MEMBER" as const]) {
      const { result, sent } = await statementsOf(() => listMembers(db, { teamId: team.id, role }));
      assert.equal(result.total, 4);
      assert.deepEqual(countsMembers(sent), [], sent.join("\n"));
    }
  });
});
