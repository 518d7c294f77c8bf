import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam as createBareTeam, testActor } from "../testing/factories";
import { verifyCredentials } from "../auth/verify-credentials";
import { createTeam } from "./create-team";
import { assertMayCreateTeams } from "./policy";
import { SlugTakenError, TeamCreationForbiddenError, TeamInputError } from "./errors";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

describe("creating teams", () => {
  it("makes the signed-in creator the owner, audited in the team and the instance trail", async () => {
    const home = await createBareTeam(t.db);
    const me = await createMember(t.db, home.id, { email: "creator@example.test", displayName: "Cree Ator" });
    const actor = { type: "user" as const, userId: me.userId, label: me.email, mayManageOwners: false };
    const { team, owner } = await createTeam(t.db, { name: " Creators ", slug: "Creators", owner: { userId: me.userId } }, actor);
    assert.equal(team.slug, "creators");
    assert.equal(team.name, "Creators");
    assert.equal(owner.userId, me.userId);
    assert.equal(owner.role, "OWNER");
    assert.deepEqual((await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action), ["member.added", "team.created"]);
    assert.equal(await t.db.instanceAuditEvent.count({ where: { targetId: team.id, action: "team.created" } }), 1);
  });

  it("refuses a taken slug in any case, a reserved word and a malformed slug, and creates nothing", async () => {
    await createTeam(t.db, { name: "Taken", slug: "taken-slug", owner: { email: "a@example.test" } }, testActor);
    const before = await t.db.team.count();
    await assert.rejects(createTeam(t.db, { name: "Again", slug: "TAKEN-SLUG", owner: { email: "b@example.test" } }, testActor), SlugTakenError);
    await assert.rejects(createTeam(t.db, { name: "Reserved", slug: "settings", owner: { email: "b@example.test" } }, testActor), /reserved/);
    await assert.rejects(createTeam(t.db, { name: "Bad", slug: "no spaces", owner: { email: "b@example.test" } }, testActor), TeamInputError);
    assert.equal(await t.db.team.count(), before);
    assert.equal(await t.db.user.count({ where: { emailNormalized: "b@example.test" } }), 0);
  });

  it("keeps a slug a team used before for that team's redirect", async () => {
    const { team } = await createTeam(t.db, { name: "Moved", slug: "moved-now", owner: { email: "m@example.test" } }, testActor);
    await t.db.teamSlugRedirect.create({ data: { slug: "moved-before", teamId: team.id } });
    await assert.rejects(createTeam(t.db, { name: "Squatter", slug: "moved-before", owner: { email: "s@example.test" } }, testActor), SlugTakenError);
  });

  it("gives a first-run owner a password they can sign in with", async () => {
    const { owner } = await createTeam(t.db, { name: "First", slug: "first-run", owner: { email: "First@Example.test", name: "Fi Rst", password: "correct horse" } }, testActor);
    const result = await verifyCredentials(t.db, "first@example.test", "correct horse");
    assert.equal(result.ok, true);
    assert.equal(owner.user.name, "Fi Rst");
    await assert.rejects(createTeam(t.db, { name: "Short", slug: "short-pw", owner: { email: "x@example.test", password: "short" } }, testActor), /8 characters/);
  });

  it("creates the first team only while the server has none", async () => {
    await assert.rejects(
      createTeam(t.db, { name: "Late", slug: "late-first", owner: { email: "late@example.test", password: "long enough" } }, testActor, { onlyIfNoTeam: true }),
      /already has a team/,
    );
    assert.equal(await t.db.team.count({ where: { slug: "late-first" } }), 0);
  });

  it("lets only the operator create teams when GATEHOUSE_TEAM_CREATION=operators", () => {
    assert.throws(() => assertMayCreateTeams("operators", "person"), TeamCreationForbiddenError);
    assertMayCreateTeams("operators", "operator");
    assertMayCreateTeams("anyone", "person");
  });
});
