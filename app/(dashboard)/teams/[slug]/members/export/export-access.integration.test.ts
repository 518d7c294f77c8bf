// A member export is a download its client reads at its own pace, batch by batch, from the team's
// live directory. Checked once when it began, an export kept streaming after its admin was
// deactivated (on this instance or another), people added afterwards included (found by review).
// Each batch is read only while the person still holds the role the export began with.
import { inRequest, sessionCookie } from "@/lib/testing/action-request";
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { useDatabaseForTests } from "@/lib/db/client";
import { deactivateMember } from "@/lib/members/lifecycle";
import { createManyMembers, createMember, createTeam } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

type Route = (req: Request, ctx: { params: Promise<{ slug: string }> }) => Promise<Response>;

it("an export under way stops once its admin is deactivated: no batch is read after", async () => {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const admin = await createMember(t.db, team.id, { email: `admin@${team.slug}.test`, role: "ADMIN" });
  await createManyMembers(t.db, team.id, 1200);
  const cookie = await sessionCookie(t.db, admin.userId);
  const { GET } = (await import("./route")) as { GET: Route };
  let reader!: ReadableStreamDefaultReader<Uint8Array>;
  let first = "";
  await inRequest({ cookie }, async () => {
    const res = await GET(new Request(`http://localhost:3000/teams/${team.slug}/members/export`), { params: Promise.resolve({ slug: team.slug }) });
    assert.equal(res.status, 200);
    reader = res.body!.getReader();
    // The header and the first batch; then the client waits (a slow download).
    for (let i = 0; i < 2; i++) first += new TextDecoder().decode((await reader.read()).value);
  });
  assert.ok(first.includes(admin.email));

  await deactivateMember(t.db, { teamId: team.id, membershipId: admin.id }, { type: "user", userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" } });
  await createMember(t.db, team.id, { email: `hired-later@${team.slug}.test` });
  await assert.rejects(
    (async () => {
      for (;;) if ((await reader.read()).done) return;
    })(),
    /your access to this team changed/,
  );
});

it("an export whose admin keeps the role reads to the end", async () => {
  const team = await createTeam(t.db);
  const admin = await createMember(t.db, team.id, { email: `admin@${team.slug}.test`, role: "ADMIN" });
  await createManyMembers(t.db, team.id, 700);
  const cookie = await sessionCookie(t.db, admin.userId);
  const { GET } = (await import("./route")) as { GET: Route };
  const csv = await inRequest({ cookie }, async () => (await GET(new Request(`http://localhost:3000/teams/${team.slug}/members/export`), { params: Promise.resolve({ slug: team.slug }) })).text());
  assert.ok("answer" in csv);
  assert.equal(csv.answer.split("\r\n").filter(Boolean).length, 1 + 701);
});
