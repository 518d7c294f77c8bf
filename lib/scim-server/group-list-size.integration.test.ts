// GET /Groups returned up to 200 groups with all their members, however many: 25 groups of 4,000
// members made a 17 MB answer and 180 MB of heap, and 200 groups of 20,000 (built with one team's
// token in minutes: 20,000 POSTs at the default rate limit, 200 PATCHes) a 700 MB answer, past
// the server's memory, stopping it for every team. A page with members holds at most
// MAX_PAGE_MEMBERS of them (itemsPerPage says how many groups it holds, as with MAX_PAGE_SIZE);
// a group bigger than that alone is a page of its own, so paging always moves on.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { scimClient, teamWithToken } from "../testing/scim-harness";
import { MAX_PAGE_MEMBERS } from "../scim/constants";
import { createManyMembers } from "../testing/factories";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

/** A team whose groups have the given sizes, written directly (thousands of POSTs would take minutes). */
async function teamWithGroups(slug: string, sizes: number[]) {
  const { team, token } = await teamWithToken(t.db, slug);
  const members = await createManyMembers(t.db, team.id, Math.max(...sizes), `${slug}.test`);
  for (const [i, size] of sizes.entries()) {
    const group = await t.db.group.create({ data: { teamId: team.id, displayName: `G${i}`, displayNameNormalized: `g${i}`, createdAt: new Date(Date.UTC(2026, 0, 1 + i)) } });
    await t.db.groupMember.createMany({ data: members.slice(0, size).map((membershipId) => ({ groupId: group.id, membershipId })) });
  }
  return scimClient(t.db, token);
}

describe("GET /Groups pages by members as well as by groups", () => {
  it("holds at most MAX_PAGE_MEMBERS members a page; paging by itemsPerPage reads every group whole", async () => {
    const size = Math.ceil(MAX_PAGE_MEMBERS * 0.4);
    const sizes = [size, size, size, MAX_PAGE_MEMBERS + 5, 2, 0];
    const scim = await teamWithGroups("list-size", sizes);
    const seen: number[] = [];
    for (let startIndex = 1, pages = 0; ; pages++) {
      assert.ok(pages < sizes.length, "paging moves on");
      const res = await scim("GET", `/Groups?startIndex=${startIndex}&count=200`);
      assert.equal(res.status, 200);
      assert.equal(res.body.totalResults, sizes.length);
      assert.equal(res.body.itemsPerPage, res.body.Resources.length);
      const listed = res.body.Resources.map((g: { members: unknown[] }) => g.members.length);
      const total = listed.reduce((a: number, b: number) => a + b, 0);
      assert.ok(res.body.Resources.length === 1 || total <= MAX_PAGE_MEMBERS, `page of ${listed.join("+")} members`);
      seen.push(...listed);
      if (res.body.Resources.length === 0 || startIndex + res.body.itemsPerPage > res.body.totalResults) break;
      startIndex += res.body.itemsPerPage;
    }
    assert.deepEqual(seen, sizes, "every group, in order, with all its members");

    // Without members (Entra's excludedAttributes=members) a page is still up to count groups.
    const ids = await scim("GET", "/Groups?excludedAttributes=members");
    assert.equal(ids.body.itemsPerPage, sizes.length);
    assert.equal(ids.body.Resources[0].members, undefined);
  });
});
