// An IdP's update decided from a member another transaction is changing, on PostgreSQL (PGlite
// runs one statement at a time, so this cannot happen there): update-member-in-one-statement.ts
// decides from the member as committed, and its statement then waits for the team lock the other
// transaction holds. It must not write what it decided from a member that is no longer so. Opens
// a schema of its own on the PostgreSQL server, in the embedded run too, as
// concurrent-person.integration.test.ts does.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";

process.env.DATABASE_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test";
const { createTestDatabase } = await import("../testing/test-database");
const { createMember, createTeam, testActor } = await import("../testing/factories");
const { lockTeam } = await import("./lock-team");
const { updateMember, updateMemberInTx } = await import("./update-member");
const { OwnerAuthorityError } = await import("./errors");

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
before(async () => {
  t = await createTestDatabase();
  await admin.connect();
});
after(async () => {
  await admin.end();
  await t.close();
});

/** Until a backend's statement containing `text` waits for a lock. */
async function waitsForLock(text: string) {
  for (;;) {
    const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%${text}%`]);
    if (rows.length > 0) return;
  }
}

it("refuses a deactivation decided while the member was being made an owner, through a token that may not touch owners", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  const member = await createMember(t.db, team.id, { role: "ADMIN" });
  await createMember(t.db, team.id, { role: "OWNER" });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let promoted!: () => void;
  const isPromoted = new Promise<void>((r) => (promoted = r));
  const promoting = t.db.$transaction(async (tx) => {
    await lockTeam(tx, team.id);
    await updateMemberInTx(tx, { teamId: team.id, membershipId: member.id }, { role: "OWNER" }, testActor, {});
    promoted();
    await gate;
  });
  await isPromoted;
  const okta = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: false };
  const deactivating = updateMember(t.db, { teamId: team.id, membershipId: member.id }, { status: "DEACTIVATED" }, okta).then(
    () => null,
    (e: unknown) => e,
  );
  await waitsForLock(`UPDATE "Team" SET "membershipEpoch"`);
  release();
  await promoting;
  assert.ok((await deactivating) instanceof OwnerAuthorityError);
  const after = await t.db.membership.findUniqueOrThrow({ where: { id: member.id } });
  assert.equal(after.role, "OWNER");
  assert.equal(after.status, "ACTIVE");
});
