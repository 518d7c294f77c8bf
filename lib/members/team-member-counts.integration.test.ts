// The members per team, role and status that the database keeps (migration team_member_counts) and
// Manage Team's counts read: whatever writes the members (the domain layer, batches, moves,
// deletions, a team's deletion, writers at the same moment), they stay what counting the members
// says. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { databaseBefore } from "../testing/before-migration";
import { createManyMembers, createMember, createTeam, testActor } from "../testing/factories";
import type { Db } from "./types";
import { deactivateMember, reactivateMember } from "./lifecycle";
import { listMembers } from "./list-members";

type Count = { teamId: string; role: string; status: string; n: number };
const sorted = (rows: Count[]) => rows.map((r) => `${r.teamId} ${r.role} ${r.status} ${Number(r.n)}`).sort();

/** What counting says, and what the kept counts say (rows at zero left out: a team's last member of a kind leaves one). */
async function countsOf(db: Db) {
  const counted = await db.$queryRaw<Count[]>`
    SELECT "teamId", role::text AS role, status::text AS status, count(*)::int AS n FROM "Membership" GROUP BY 1, 2, 3`;
  const kept = await db.$queryRaw<Count[]>`
    SELECT "teamId", role::text AS role, status::text AS status, members AS n FROM "TeamMemberCount" WHERE members <> 0`;
  return { counted: sorted(counted), kept: sorted(kept) };
}

async function assertKept(db: Db, message?: string) {
  const { counted, kept } = await countsOf(db);
  assert.deepEqual(kept, counted, message);
}

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const ROLES = ["OWNER", "ADMIN", "MEMBER"] as const;
const STATUSES = ["ACTIVE", "DEACTIVATED"] as const;

type Op =
  | { kind: "add"; team: number; role: (typeof ROLES)[number] }
  | { kind: "batch"; team: number; n: number }
  | { kind: "status"; pick: number[]; status: (typeof STATUSES)[number] }
  | { kind: "role"; pick: number; role: (typeof ROLES)[number] }
  | { kind: "move"; pick: number[]; team: number }
  | { kind: "remove"; pick: number[] }
  | { kind: "deleteTeam"; team: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), team: fc.nat(2), role: fc.constantFrom(...ROLES) }),
  fc.record({ kind: fc.constant("batch" as const), team: fc.nat(2), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("status" as const), pick: fc.array(fc.nat(), { maxLength: 4 }), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant("role" as const), pick: fc.nat(), role: fc.constantFrom(...ROLES) }),
  fc.record({ kind: fc.constant("move" as const), pick: fc.array(fc.nat(), { maxLength: 3 }), team: fc.nat(2) }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.array(fc.nat(), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("deleteTeam" as const), team: fc.nat(2) }),
);

describe("the members a team has, per role and status", () => {
  it("stay what counting them says through any mix of writes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const teams = [await createTeam(t.db), await createTeam(t.db), await createTeam(t.db)].map((x) => x.id);
        const ids = async () => (await t.db.membership.findMany({ where: { teamId: { in: teams } }, select: { id: true }, orderBy: { id: "asc" } })).map((m) => m.id);
        const pickFrom = (all: string[], picks: number[]) => [...new Set(picks.map((p) => all[p % all.length]!))];
        for (const o of ops) {
          const all = await ids();
          if (o.kind === "add") await createMember(t.db, teams[o.team]!, { role: o.role });
          else if (o.kind === "batch") await createManyMembers(t.db, teams[o.team]!, o.n);
          else if (all.length === 0) continue;
          else if (o.kind === "status") await t.db.membership.updateMany({ where: { id: { in: pickFrom(all, o.pick) } }, data: { status: o.status } });
          else if (o.kind === "role") await t.db.membership.update({ where: { id: pickFrom(all, [o.pick])[0]! }, data: { role: o.role } });
          else if (o.kind === "move") await t.db.membership.updateMany({ where: { id: { in: pickFrom(all, o.pick) } }, data: { teamId: teams[o.team]! } });
          else if (o.kind === "remove") await t.db.membership.deleteMany({ where: { id: { in: pickFrom(all, o.pick) } } });
          if (o.kind === "deleteTeam") {
            await t.db.team.delete({ where: { id: teams[o.team]! } });
            teams[o.team] = (await createTeam(t.db)).id;
          }
          await assertKept(t.db, `after ${JSON.stringify(o)}`);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("are what Manage Team shows, with and without a role filter, through the domain layer", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    const admin = await createMember(t.db, team.id, { role: "ADMIN" });
    await createManyMembers(t.db, team.id, 5);
    await deactivateMember(t.db, { teamId: team.id, membershipId: admin.id }, testActor);
    assert.deepEqual((await listMembers(t.db, { teamId: team.id })).counts, { ACTIVE: 6, DEACTIVATED: 1 });
    assert.deepEqual((await listMembers(t.db, { teamId: team.id, role: "ADMIN" })).counts, { ACTIVE: 0, DEACTIVATED: 1 });
    assert.deepEqual((await listMembers(t.db, { teamId: team.id, role: "OWNER", status: "DEACTIVATED" })).counts, { ACTIVE: 1, DEACTIVATED: 0 });
    await reactivateMember(t.db, { teamId: team.id, membershipId: admin.id }, testActor);
    assert.deepEqual((await listMembers(t.db, { teamId: team.id })).counts, { ACTIVE: 7, DEACTIVATED: 0 });
    assert.equal((await listMembers(t.db, { teamId: team.id })).total, 7);
    await assertKept(t.db);
  });

  it("stay exact with many writers at once (on PostgreSQL, each on its own connection)", async () => {
    const teams = [(await createTeam(t.db)).id, (await createTeam(t.db)).id];
    const ids = await createManyMembers(t.db, teams[0]!, 40);
    await Promise.all([
      ...ids.map((id, i) => t.db.membership.update({ where: { id }, data: { status: i % 2 ? "DEACTIVATED" : "ACTIVE", role: i % 3 ? "MEMBER" : "ADMIN" } })),
      ...ids.slice(0, 10).map((id) => t.db.membership.update({ where: { id }, data: { teamId: teams[1]! } })),
      ...Array.from({ length: 10 }, (_, i) => createManyMembers(t.db, teams[i % 2]!, 3)),
      ...Array.from({ length: 10 }, () => createMember(t.db, teams[1]!)),
    ]);
    await assertKept(t.db);
  });
});

describe("the members a team has, after TRUNCATE", () => {
  it("are none, as no row trigger sees it", async () => {
    const t2 = await createTestDatabase();
    try {
      const team = await createTeam(t2.db);
      await createManyMembers(t2.db, team.id, 3);
      await t2.db.$executeRawUnsafe(`TRUNCATE "Membership" CASCADE`);
      await assertKept(t2.db);
      await createManyMembers(t2.db, team.id, 2);
      await assertKept(t2.db);
    } finally {
      await t2.close();
    }
  });
});

describe("migration team_member_counts", () => {
  it("counts the members already there", async () => {
    const m = await databaseBefore("_team_member_counts");
    try {
      await m.adapter.transaction((sql) =>
        sql.exec(`
          INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ('t1', 'one', 'One', now()), ('t2', 'two', 'Two', now()), ('t3', 'three', 'Three', now());
          INSERT INTO "User" (id, email, "emailNormalized", "updatedAt") SELECT 'u' || i, 'u' || i || '@x.test', 'u' || i || '@x.test', now() FROM generate_series(1, 7) i;
          INSERT INTO "Membership" (id, "teamId", "userId", role, status, "userName", "userNameNormalized", email, "emailNormalized", "updatedAt")
          SELECT 'm' || i, CASE WHEN i <= 5 THEN 't1' ELSE 't2' END, 'u' || i, CASE WHEN i = 1 THEN 'OWNER' ELSE 'MEMBER' END::"Role",
                 CASE WHEN i = 4 THEN 'DEACTIVATED' ELSE 'ACTIVE' END::"MembershipStatus", 'u' || i, 'u' || i, 'u' || i || '@x.test', 'u' || i || '@x.test', now()
            FROM generate_series(1, 7) i;
        `),
      );
      await m.migrateRest();
      const rows = await m.adapter.transaction((sql) =>
        sql.query<Count>(`SELECT "teamId", role::text AS role, status::text AS status, members AS n FROM "TeamMemberCount"`),
      );
      assert.deepEqual(sorted(rows), ["t1 MEMBER ACTIVE 3", "t1 MEMBER DEACTIVATED 1", "t1 OWNER ACTIVE 1", "t2 MEMBER ACTIVE 2"]);
    } finally {
      await m.close();
    }
  });
});
