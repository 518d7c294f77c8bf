// An IdP's create of an invited address while the invitation is being made, on PostgreSQL (PGlite
// runs one statement at a time, so this cannot happen there): the create's one statement
// (add-member-in-one-statement.ts) waits for the team lock the invitation holds, and must then
// see it, though the statement's snapshot is older. Opens a schema of its own on the PostgreSQL
// server, in the embedded run too, as concurrent-person.integration.test.ts does.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";

process.env.DATABASE_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test";
const { createTestDatabase } = await import("../testing/test-database");
const { createTeam } = await import("../testing/factories");
const { addMember } = await import("./add-member");
const { invitationExpiry } = await import("../invitations/invitation-status");

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

it("provisions an address invited while the create waited for the team: the invitation becomes the member", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let invited!: () => void;
  const isInvited = new Promise<void>((r) => (invited = r));
  // What createInvitation does, held open: the team's row locked, the invitation written.
  const inviting = t.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${team.id} FOR UPDATE`;
    const now = new Date();
    await tx.invitation.create({
      data: { teamId: team.id, email: "late@invite.test", emailNormalized: "late@invite.test", role: "ADMIN", tokenHash: "h", invitedByLabel: "admin", createdAt: now, sentAt: now, expiresAt: invitationExpiry(now) },
    });
    invited();
    await gate;
  });
  await isInvited;
  const adding = addMember(t.db, { teamId: team.id, email: "late@invite.test", source: "SCIM" }, { type: "scim", tokenId: "k", label: "Okta", mayManageOwners: false });
  await waitsForLock(`UPDATE "Team" SET "membershipEpoch"`);
  release();
  await inviting;
  const member = await adding;
  const invitation = await t.db.invitation.findFirstOrThrow({ where: { teamId: team.id } });
  assert.equal(invitation.membershipId, member.id);
  assert.notEqual(invitation.acceptedAt, null);
});
