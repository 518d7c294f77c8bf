// A PATCH's cost must not grow as its operations times the group's members: the operations are
// applied synchronously, so one 1 MB PATCH to a big group held the event loop (every team's
// requests on this server) for seconds, and with a bigger group for minutes (lib/scim/patch.ts,
// MAX_PATCH_WORK). Okta's and Entra's member batches are applied in one pass; other operations
// past the budget are a SCIM 413 that changes nothing.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { domainSnapshot } from "../testing/db-snapshot";
import { PATCH_SCHEMA, scimClient, teamWithToken } from "../testing/scim-harness";
import { createManyMembers } from "../testing/factories";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

/** A team with a group of `size` members, written directly (thousands of POSTs would take minutes). */
async function bigGroup(slug: string, size: number) {
  const { team, token } = await teamWithToken(t.db, slug);
  const ids = await createManyMembers(t.db, team.id, size, `${slug}.test`);
  const group = await t.db.group.create({
    data: { teamId: team.id, displayName: "Everyone", displayNameNormalized: "everyone", members: { create: ids.map((membershipId) => ({ membershipId })) } },
  });
  return { scim: scimClient(t.db, token), group, ids };
}

describe("PATCH /Groups/{id} with thousands of operations on a 4,000-member group", () => {
  it("applies Okta's member removals and Entra's adds, thousands to a request, in one pass", async () => {
    const { scim, group, ids } = await bigGroup("patch-size-batch", 4_000);
    // Half of them name members that are not in the group (Okta retries removals that landed).
    const Operations = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 === 0 ? { op: "remove", path: `members[value eq "${i < 4_000 ? ids[i] : crypto.randomUUID()}"]` } : { op: "Add", path: "members", value: [{ value: ids[i % 4_000] }] },
    );
    // One by one, 10,000 operations × 4,000 members: past the work bound (lib/scim/patch.ts), a 413.
    const res = await scim("PATCH", `/Groups/${group.id}`, { body: { schemas: [PATCH_SCHEMA], Operations } });
    assert.equal(res.status, 200, JSON.stringify(res.body)?.slice(0, 300));
    // Even ids below 4,000 were removed, then the odd ones re-added (they were there): 2,000 stay.
    assert.equal(res.body.members.length, 2_000);
    assert.equal(await t.db.groupMember.count({ where: { groupId: group.id } }), 2_000);
  });

  it("refuses with a SCIM 413, and changes nothing, operations that would each go through every member", async () => {
    const { scim, group } = await bigGroup("patch-size-scan", 4_000);
    const before = await domainSnapshot(t.db);
    const Operations = Array.from({ length: 11_000 }, () => ({ op: "remove", path: 'members[value co "zzz"]' }));
    const res = await scim("PATCH", `/Groups/${group.id}`, { body: { schemas: [PATCH_SCHEMA], Operations } });
    assert.equal(res.status, 413);
    assert.deepEqual(res.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
    assert.equal(res.body.status, "413");
    assert.match(res.body.detail, /split them/);
    const strip = (s: string) => s.split(" ").slice(1).join(" ");
    assert.equal(strip(await domainSnapshot(t.db)), strip(before), "nothing changed");
  });
});
