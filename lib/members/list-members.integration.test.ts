import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { deactivateMember } from "./lifecycle";
import { listMembers, listMembersAfter, type MemberCursor } from "./list-members";
import { MEMBER_SORTS } from "./member-sort";

let t: TestDatabase;
let teamId: string;
before(async () => {
  t = await createTestDatabase();
  const team = await createTeam(t.db);
  teamId = team.id;
  await createMember(t.db, teamId, { email: "olga.owner@acme.test", nameFormatted: "Olga Owner", role: "OWNER" });
  const ada = await createMember(t.db, teamId, { email: "ada@acme.test", nameFormatted: "Ada Lovelace", role: "ADMIN" });
  const grace = await createMember(t.db, teamId, { email: "grace@acme.test", nameFormatted: "Grace Hopper" });
  await t.db.membership.update({ where: { id: ada.id }, data: { lastLoginAt: new Date("2026-01-01T00:00:00Z") } });
  await t.db.membership.update({ where: { id: grace.id }, data: { lastLoginAt: new Date("2026-02-01T00:00:00Z") } });
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

  it("searches in NFC, as the keys are kept: a decomposed letter finds the composed one", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { email: "jos\u00e9@acme.test" });
    assert.deepEqual(emails(await listMembers(t.db, { teamId: team.id, search: "JOSE\u0301@" })), ["jos\u00e9@acme.test"]);
  });

  it("finds names in the form their IdP sent them: a decomposed name by a composed or decomposed search", async () => {
    // Names are kept as sent, not in NFC (macOS directories send "e" + U+0301); the search must
    // still find them, as it did before it compared in NFC.
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { email: "nfd@acme.test", nameFormatted: "Jose\u0301 Nu\u0301n\u0303ez", displayName: "Rene\u0301e" });
    for (const search of ["jose\u0301", "JOS\u00c9", "n\u00fa\u00f1ez", "ren\u00e9e", "Rene\u0301e"]) {
      assert.deepEqual(emails(await listMembers(t.db, { teamId: team.id, search })), ["nfd@acme.test"], search);
    }
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

  it("counts per status follow the search and the role filter; total follows the status too", async () => {
    const page = await listMembers(t.db, { teamId, search: "a" });
    // "a" is in every address (acme.test).
    assert.deepEqual(page.counts, { ACTIVE: 4, DEACTIVATED: 1 });
    const grace = await listMembers(t.db, { teamId, search: "grace" });
    assert.deepEqual(grace.counts, { ACTIVE: 1, DEACTIVATED: 0 });
    const gone = await listMembers(t.db, { teamId, search: "gone", status: "ACTIVE" });
    assert.deepEqual(gone.counts, { ACTIVE: 0, DEACTIVATED: 1 });
    assert.equal(gone.total, 0);
    const members = await listMembers(t.db, { teamId, role: "MEMBER" });
    assert.deepEqual(members.counts, { ACTIVE: 2, DEACTIVATED: 1 });
    // The last-owner hint stays team-wide, whatever the filter.
    assert.equal(grace.activeOwners, 1);
  });

  it("sorts by name, email, role, status and last sign-in, both ways", async () => {
    assert.deepEqual(emails(await listMembers(t.db, { teamId, sort: "name" })), ["ada@acme.test", "gone@acme.test", "grace@acme.test", "olga.owner@acme.test", "under_score@acme.test"]);
    assert.deepEqual(emails(await listMembers(t.db, { teamId, sort: "email", dir: "desc" })), ["under_score@acme.test", "olga.owner@acme.test", "grace@acme.test", "gone@acme.test", "ada@acme.test"]);
    assert.deepEqual(emails(await listMembers(t.db, { teamId, sort: "role" })).slice(0, 2), ["olga.owner@acme.test", "ada@acme.test"]);
    assert.deepEqual(emails(await listMembers(t.db, { teamId, sort: "status", dir: "desc" }))[0], "gone@acme.test");
    // Most recent sign-in first; "never" last (and first when ascending).
    const lastSignIn = await listMembers(t.db, { teamId, sort: "lastSignIn" });
    assert.equal(lastSignIn.dir, "desc");
    assert.deepEqual(emails(lastSignIn).slice(0, 2), ["grace@acme.test", "ada@acme.test"]);
    assert.deepEqual(emails(await listMembers(t.db, { teamId, sort: "lastSignIn", dir: "asc" })).slice(-2), ["ada@acme.test", "grace@acme.test"]);
    // Sorting applies within a search.
    assert.deepEqual(emails(await listMembers(t.db, { teamId, search: "acme", sort: "email", dir: "desc", pageSize: 2 })), ["under_score@acme.test", "olga.owner@acme.test"]);
  });

  it("pages in creation order", async () => {
    const first = await listMembers(t.db, { teamId, pageSize: 2 });
    const second = await listMembers(t.db, { teamId, pageSize: 2, page: 2 });
    const third = await listMembers(t.db, { teamId, pageSize: 2, page: 3 });
    assert.deepEqual([...emails(first), ...emails(second), ...emails(third)], ["olga.owner@acme.test", "ada@acme.test", "grace@acme.test", "under_score@acme.test", "gone@acme.test"]);
    assert.equal(first.pageCount, 3);
  });

  it("pages a sort without overlap when keys tie (id breaks the tie), and clamps a page past the end", async () => {
    // Four members share the status Active: pages of one must still show everyone exactly once.
    const seen: string[] = [];
    for (let p = 1; p <= 5; p++) seen.push(...emails(await listMembers(t.db, { teamId, sort: "status", pageSize: 1, page: p })));
    assert.equal(new Set(seen).size, 5);
    const past = await listMembers(t.db, { teamId, pageSize: 2, page: 99 });
    assert.equal(past.page, 3);
    assert.deepEqual(emails(past), ["gone@acme.test"]);
  });

  it("pages past the middle, read from the far end, list every sort as one big page does, ties and filters included", async () => {
    for (const sort of MEMBER_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        for (const filter of [{}, { status: "ACTIVE" as const }, { search: "a" }]) {
          const all = emails(await listMembers(t.db, { teamId, sort, dir, pageSize: 200, ...filter }));
          for (const pageSize of [1, 2, 3]) {
            const paged: string[] = [];
            for (let page = 1; page <= Math.ceil(all.length / pageSize); page++) paged.push(...emails(await listMembers(t.db, { teamId, sort, dir, pageSize, page, ...filter })));
            assert.deepEqual(paged, all, `${sort} ${dir} ${JSON.stringify(filter)} by ${pageSize}`);
          }
        }
      }
    }
  });

  it("keyset batches (the CSV export) walk every sort in the same order as the pages, ties included", async () => {
    for (const sort of MEMBER_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const expected = emails(await listMembers(t.db, { teamId, sort, dir, pageSize: 200 }));
        const walked: string[] = [];
        let after: MemberCursor | null = null;
        do {
          const batch: Awaited<ReturnType<typeof listMembersAfter>> = await listMembersAfter(t.db, { teamId }, sort, dir, after, 2);
          walked.push(...batch.members.map((m) => m.email));
          after = batch.next;
        } while (after);
        assert.deepEqual(walked, expected, `${sort} ${dir}`);
      }
    }
    const filtered = await listMembersAfter(t.db, { teamId, search: "acme", status: "ACTIVE", role: "MEMBER" }, "email", "asc", null, 10);
    assert.deepEqual(filtered.members.map((m) => m.email), ["grace@acme.test", "under_score@acme.test"]);
  });
});
