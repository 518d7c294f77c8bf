// Adding a person who exists while another transaction changes them, on PostgreSQL (PGlite runs
// one transaction at a time, so this cannot happen there): the new membership carries the person
// as committed, not as they were when the adding statement began. Opens a schema of its own on
// the PostgreSQL server, in the embedded run too, as statement-names.integration.test.ts does.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";

process.env.DATABASE_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test";
const { createTestDatabase } = await import("../testing/test-database");
const { createMember, createTeam } = await import("../testing/factories");

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

it("adds an existing person as another transaction left them", async () => {
  assert.equal(t.kind, "postgres");
  const [a, b] = [await createTeam(t.db), await createTeam(t.db)];
  const first = await createMember(t.db, a.id, { email: "changing@example.test" });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let updated!: () => void;
  const isUpdated = new Promise<void>((r) => (updated = r));
  const changing = t.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: first.userId }, data: { name: "Named meanwhile" } });
    updated();
    await gate;
  });
  await isUpdated;
  const adding = createMember(t.db, b.id, { email: "changing@example.test" });
  await waitsForLock(`INSERT INTO "User"`);
  release();
  await changing;
  const second = await adding;
  assert.equal(second.userId, first.userId);
  assert.equal(second.user.name, "Named meanwhile");
});
