// How many times the Manage Team page reads a search's matches, counted in Prisma's query log
// (testing/statement-log.ts): at 100k members each reading is most of the page's time.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { createMember, createTeam, testActor } from "../testing/factories";
import { deactivateMember } from "./lifecycle";
import { listMembers } from "./list-members";

let db: StatementLog["db"];
let statementsOf: StatementLog["statementsOf"];
useStatementLog({}, (log) => ({ db, statementsOf } = log));

const searches = (sent: string[]) => sent.filter((q) => q.includes(" LIKE "));

describe("a search on the Manage Team page", () => {
  it("reads the matches once for its first page and its counts", async () => {
    const team = await createTeam(db);
    await createMember(db, team.id, { email: "owner@once.test", role: "OWNER" });
    for (const name of ["Ada Smith", "Bob Smith", "Cy Smith"]) await createMember(db, team.id, { email: `${name.split(" ")[0]!.toLowerCase()}@once.test`, nameFormatted: name });
    const { result, sent } = await statementsOf(() => listMembers(db, { teamId: team.id, search: "smith", sort: "name", pageSize: 2 }));
    assert.deepEqual(result.members.map((m) => m.email), ["ada@once.test", "bob@once.test"]);
    assert.deepEqual(result.counts, { ACTIVE: 3, DEACTIVATED: 0 });
    assert.equal(result.total, 3);
    assert.equal(searches(sent).length, 1, sent.join("\n"));
    // Once per trigram branch, and the rows they find are the rows searched: taking only their ids
    // back to the table made PostgreSQL read the whole team once more (list-members.ts).
    assert.equal(searches(sent)[0]!.match(/"Membership"/g)?.length, 2, searches(sent)[0]);
  });

  it("brings the counts with an empty first page", async () => {
    const team = await createTeam(db);
    await createMember(db, team.id, { email: "owner@empty.test", role: "OWNER" });
    const gone = await createMember(db, team.id, { email: "gone@empty.test", nameFormatted: "Gone Jones" });
    await createMember(db, team.id, { email: "here@empty.test", nameFormatted: "Here Jones" });
    await deactivateMember(db, { teamId: team.id, membershipId: gone.id }, testActor);
    const emptyTab = await listMembers(db, { teamId: team.id, search: "here", status: "DEACTIVATED" });
    assert.deepEqual([emptyTab.members, emptyTab.counts, emptyTab.total], [[], { ACTIVE: 1, DEACTIVATED: 0 }, 0]);
    const noOwner = await listMembers(db, { teamId: team.id, search: "jones", role: "OWNER" });
    assert.deepEqual([noOwner.members, noOwner.counts], [[], { ACTIVE: 0, DEACTIVATED: 0 }]);
    const deactivated = await listMembers(db, { teamId: team.id, search: "jones", status: "DEACTIVATED", sort: "email", dir: "desc" });
    assert.deepEqual(deactivated.members.map((m) => m.email), ["gone@empty.test"]);
    assert.deepEqual(deactivated.counts, { ACTIVE: 1, DEACTIVATED: 1 });
    const noMatch = await listMembers(db, { teamId: team.id, search: "nobody" });
    assert.deepEqual([noMatch.members, noMatch.counts, noMatch.total, noMatch.pageCount], [[], { ACTIVE: 0, DEACTIVATED: 0 }, 0, 1]);
  });

  it("reads a page past the middle from the far end, not past every row before it", async () => {
    const team = await createTeam(db);
    await createMember(db, team.id, { email: "a@end.test", role: "OWNER" });
    for (const name of ["b", "c", "d", "e"]) await createMember(db, team.id, { email: `${name}@end.test` });
    const pageOf = (page: number) => statementsOf(() => listMembers(db, { teamId: team.id, sort: "email", dir: "asc", pageSize: 2, page }));
    const middle = await pageOf(2);
    assert.deepEqual(middle.result.members.map((m) => m.email), ["c@end.test", "d@end.test"]);
    assert.ok(middle.sent.some((q) => /"emailNormalized" ASC/.test(q)), middle.sent.join("\n"));
    const last = await pageOf(3);
    assert.deepEqual(last.result.members.map((m) => m.email), ["e@end.test"]);
    assert.ok(last.sent.some((q) => /"emailNormalized" DESC/.test(q)), last.sent.join("\n"));
  });
});

