import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { addMember } from "../members/add-member";
import { directoryPageFromCursor } from "./directory-page";
import { cursorKey, findCursor, saveCursor } from "./page-cursor";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function teamOf(size: number) {
  const team = await createTeam(t.db);
  const members = [];
  for (let i = 0; i < size; i++) {
    members.push(await addMember(t.db, { teamId: team.id, email: `m${i}@cursor.test`, source: "SCIM", role: i === 0 ? "OWNER" : "MEMBER" }, testActor));
  }
  const { membershipEpoch } = await t.db.team.findUniqueOrThrow({ where: { id: team.id } });
  return { team, members, scope: { teamId: team.id, resource: "Users", filter: null, epoch: membershipEpoch } };
}

describe("directoryPageFromCursor", () => {
  it("is null without a cursor for the page, so the caller reads by OFFSET", async () => {
    const { scope } = await teamOf(3);
    assert.equal(await directoryPageFromCursor(t.db, scope, 3, 2), null);
  });

  it("seeks from the cursor, and leaves one for the next page only while pages remain", async () => {
    const { members, scope } = await teamOf(6);
    const now = new Date();
    await saveCursor(t.db, scope, 3, { afterCreatedAt: members[1].createdAt, afterId: members[1].id, totalResults: 6 }, now);

    const second = await directoryPageFromCursor(t.db, scope, 3, 2, now);
    assert.deepEqual(second?.rows.map((r) => r.userName), ["m2@cursor.test", "m3@cursor.test"]);
    assert.equal(second?.totalResults, 6);
    const next = await findCursor(t.db, scope, 5);
    assert.equal(next?.afterId, members[3].id);

    const last = await directoryPageFromCursor(t.db, scope, 5, 2, now);
    assert.deepEqual(last?.rows.map((r) => r.userName), ["m4@cursor.test", "m5@cursor.test"]);
    assert.equal(await t.db.scimPageCursor.count({ where: { key: cursorKey(scope, 7) } }), 0, "a full last page leaves no cursor past the end");
  });

  it("answers an empty page when the cursor is at the end, and ignores cursors over an hour old", async () => {
    const { members, scope } = await teamOf(2);
    const then = new Date("2026-01-01T00:00:00Z");
    await saveCursor(t.db, scope, 3, { afterCreatedAt: members[1].createdAt, afterId: members[1].id, totalResults: 2 }, then);
    assert.deepEqual(await directoryPageFromCursor(t.db, scope, 3, 2, new Date("2026-01-01T00:59:00Z")), { totalResults: 2, rows: [] });
    assert.equal(await directoryPageFromCursor(t.db, scope, 3, 2, new Date("2026-01-01T01:01:00Z")), null);
  });

  it("ignores a cursor of the epoch read with the token once a membership write has committed since", async () => {
    const { team, members, scope } = await teamOf(3);
    await saveCursor(t.db, scope, 2, { afterCreatedAt: members[0].createdAt, afterId: members[0].id, totalResults: 3 });
    // A write lands between the token lookup (which read scope.epoch) and the page statement.
    await addMember(t.db, { teamId: team.id, email: "late@cursor.test", source: "SCIM" }, testActor);
    assert.equal(await directoryPageFromCursor(t.db, scope, 2, 1), null);
  });

  it("is null for a start too far for any cursor, rather than failing", async () => {
    const { scope } = await teamOf(1);
    assert.equal(await directoryPageFromCursor(t.db, scope, 3_000_000_000, 100), null);
  });

  it("does not use another epoch's cursor", async () => {
    const { members, scope } = await teamOf(3);
    await saveCursor(t.db, scope, 2, { afterCreatedAt: members[0].createdAt, afterId: members[0].id, totalResults: 3 });
    assert.ok(await directoryPageFromCursor(t.db, scope, 2, 1));
    assert.equal(await directoryPageFromCursor(t.db, { ...scope, epoch: scope.epoch + 1 }, 2, 1), null);
  });

  // The page's own commit does not wait for the disk (its cursor is a cache): that setting must
  // never reach the writes of a caller's transaction that reads a page.
  it("leaves a caller's transaction committing as it would have", async () => {
    const { members, scope } = await teamOf(4);
    await saveCursor(t.db, scope, 3, { afterCreatedAt: members[1].createdAt, afterId: members[1].id, totalResults: 4 });
    const setting = await t.db.$transaction(async (tx) => {
      const page = await directoryPageFromCursor(tx as unknown as typeof t.db, scope, 3, 1);
      assert.deepEqual(page?.rows.map((r) => r.userName), ["m2@cursor.test"]);
      const [row] = await tx.$queryRaw<{ value: string }[]>`SELECT current_setting('synchronous_commit') AS value`;
      return row!.value;
    });
    assert.equal(setting, "on");
  });
});

