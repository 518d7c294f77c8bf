// A membership write that commits between the token lookup (which reads the team's epoch) and the
// page query must not let a cursor of the old epoch shift the page: the result is what OFFSET
// paging over the current directory returns. The race is staged by handing listUsers the epoch
// as the token lookup read it before the write.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { addMember } from "../members/add-member";
import { removeMember } from "../members/remove-member";
import { listUsers } from "./users";
import type { ScimContext } from "./with-scim-auth";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function contextAtCurrentEpoch(teamId: string): Promise<ScimContext> {
  const { membershipEpoch } = await t.db.team.findUniqueOrThrow({ where: { id: teamId } });
  const url = new URL("http://localhost/api/scim/v2/Users");
  return { db: t.db, teamId, actor: testActor, membershipEpoch, baseUrl: "http://localhost/api/scim/v2", request: new Request(url), url, alongside: null };
}

const names = (list: { Resources: unknown[] }) => list.Resources.map((r) => (r as { userName: string }).userName);

for (const [label, filter] of [["the whole directory", null], ["a filtered listing", 'userName sw "r"']] as const) {
  describe(`paging ${label} while a write races the token lookup`, () => {
    it("answers what OFFSET over the current members answers", async () => {
      const team = await createTeam(t.db);
      const members = [];
      for (let i = 0; i < 6; i++) {
        members.push(await addMember(t.db, { teamId: team.id, email: `r${i}@race.test`, source: "SCIM", role: i === 5 ? "OWNER" : "MEMBER" }, testActor));
      }
      const params = (startIndex: number) => new URLSearchParams({ startIndex: String(startIndex), count: "2", ...(filter && { filter }) });

      const before = await contextAtCurrentEpoch(team.id);
      assert.deepEqual(names(await listUsers(before, params(1))), ["r0@race.test", "r1@race.test"]);
      // r0 leaves after this request's token lookup read the epoch, before its page query.
      await removeMember(t.db, { teamId: team.id, membershipId: members[0].id }, testActor);
      const page = await listUsers(before, params(3));
      assert.deepEqual(names(page), ["r3@race.test", "r4@race.test"]);
      assert.equal(page.totalResults, 5);
    });
  });
}
