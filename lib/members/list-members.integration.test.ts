import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { deactivateMember } from "./lifecycle";
import { listMembers } from "./list-members";

let t: TestDatabase;
let teamId: string;
before(async () => {
  t = await createTestDatabase();
  const team = await createTeam(t.db);
  teamId = team.id;
  await createMember(t.db, teamId, { email: "olga.owner@acme.test", nameFormatted: "Olga Owner", role: "OWNER" });
  await createMember(t.db, teamId, { email: "ada@acme.test", nameFormatted: "Ada Lovelace", role: "ADMIN" });
  await createMember(t.db, teamId, { email: "grace@acme.test", nameFormatted: "Grace Hopper" });
  await createMember(t.db, teamId, { email: "under_score@acme.test", nameFormatted: "Percent 100%" });
  const gone = await createMember(t.db, teamId, { email: "gone@acme.test", nameFormatted: "Gone Away" });
  await deactivateMember(t.db, { teamId, membershipId: gone.id }, testActor);
  const other = await createTeam(t.db);
  await createMember(t.db, other.id, { email: "grace.other@elsewhere.test", nameFormatted: "Grace Elsewhere" });
});
after(() => t.close());

const emails = (page: Awaited<ReturnType<typeof listMembers>>) => page.members.map((m) => m.email);

describe("listMembers", () => {
  it("lists every member of the team, deactivated ones included, with counts per status", async () => {
    const page = await listMembers(t.db, { teamId });
    assert.equal(page.total, 5);
    assert.deepEqual(page.counts, { ACTIVE: 4, DEACTIVATED: 1 });
    assert.equal(page.activeOwners, 1);
    assert.ok(emails(page).includes("gone@acme.test"));
  });

  it("searches names and emails case-insensitively, within the team only", async () => {
    assert.deepEqual(emails(await listMembers(t.db, { teamId, search: "GRACE" })), ["grace@acme.test"]);
    assert.deepEqual(emails(await listMembers(t.db, { teamId, search: "lovelace" })), ["ada@acme.test"]);
    assert.equal((await listMembers(t.db, { teamId, search: "acme.test" })).total, 5);
  });

  it("matches % and _ literally", async () => {
    assert.deepEqual(emails(await listMembers(t.db, { teamId, search: "under_" })), ["under_score@acme.test"]);
    assert.deepEqual(emails(await listMembers(t.db, { teamId, search: "100%" })), ["under_score@acme.test"]);
    assert.equal((await listMembers(t.db, { teamId, search: "%" })).total, 1);
  });

  it("filters by status and role, alone and with a search", async () => {
    assert.deepEqual(emails(await listMembers(t.db, { teamId, status: "DEACTIVATED" })), ["gone@acme.test"]);
    assert.deepEqual(emails(await listMembers(t.db, { teamId, role: "ADMIN" })), ["ada@acme.test"]);
    assert.equal((await listMembers(t.db, { teamId, search: "acme", status: "ACTIVE", role: "MEMBER" })).total, 2);
  });

  it("pages in creation order", async () => {
    const first = await listMembers(t.db, { teamId, pageSize: 2 });
    const second = await listMembers(t.db, { teamId, pageSize: 2, page: 2 });
    const third = await listMembers(t.db, { teamId, pageSize: 2, page: 3 });
    assert.deepEqual([...emails(first), ...emails(second), ...emails(third)], ["olga.owner@acme.test", "ada@acme.test", "grace@acme.test", "under_score@acme.test", "gone@acme.test"]);
    assert.equal(first.pageCount, 3);
  });
});
