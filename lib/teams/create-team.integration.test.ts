import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam as createBareTeam, testActor } from "../testing/factories";
import { verifyCredentials } from "../auth/verify-credentials";
import { createTeam } from "./create-team";
import { assertMayCreateTeams } from "./policy";
import { SlugTakenError, TeamCreationForbiddenError, TeamInputError } from "./errors";
import { createTeamForOperator } from "./create-team-for-operator";
import { lookupPasswordToken, resetPassword } from "../password-reset/reset-password";
import { hashPassword } from "../auth/password";

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
    const { team, owner } = await createTeam(t.db, { name: " Creators ", slug: "Creators", owner: { userId: me.userId, viaPassword: true } }, actor);
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

  it("the first-run page takes over no account: an address that has one is refused, its password and teams untouched", async () => {
    const home = await createBareTeam(t.db);
    const victim = await createMember(t.db, home.id, { email: "victim@first-run.test", passwordHash: await hashPassword("the victim's own") });
    // An SSO-only account (no password) is an account all the same.
    const ssoOnly = await createMember(t.db, home.id, { email: "sso-only@first-run.test" });
    for (const email of ["Victim@First-Run.test", "sso-only@first-run.test"]) {
      await assert.rejects(
        createTeam(t.db, { name: "Grab", slug: `grab-${email.length}`, owner: { email, name: "Mallory", password: "mallory's password" } }, testActor),
        (e: unknown) => e instanceof TeamInputError && /already exists/.test(e.message),
      );
    }
    assert.equal((await verifyCredentials(t.db, "victim@first-run.test", "the victim's own")).ok, true);
    assert.equal((await verifyCredentials(t.db, "victim@first-run.test", "mallory's password")).ok, false);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: ssoOnly.userId } })).passwordHash, null);
    assert.equal(await t.db.team.count({ where: { slug: { startsWith: "grab-" } } }), 0);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: victim.userId } })).name, null, "nor their name");
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

  it("gives the operator's new owner a one-time setup link, and an owner with a proved password the sign-in page", async () => {
    const made = await createTeamForOperator(t.db, { slug: "cli-team", name: "CLI Team", ownerEmail: "Boss@CLI.test" }, testActor);
    assert.equal(made.linkKind, "setup");
    const secret = made.link.split("/reset-password/")[1];
    assert.deepEqual(await lookupPasswordToken(t.db, secret), { state: "valid", email: "Boss@CLI.test", purpose: "owner_setup" });
    await resetPassword(t.db, secret, "owner password");
    assert.equal((await verifyCredentials(t.db, "boss@cli.test", "owner password")).ok, true);
    assert.equal((await lookupPasswordToken(t.db, secret)).state, "used");

    const home = await createBareTeam(t.db);
    const proved = await createMember(t.db, home.id, { email: "has-pw@cli.test", passwordHash: await hashPassword("existing pw") });
    // As "Forgot password?" leaves it (lib/members/unproven-account.ts).
    await t.db.user.update({ where: { id: proved.userId }, data: { emailVerifiedAt: new Date() } });
    const existing = await createTeamForOperator(t.db, { slug: "cli-two", name: "Two", ownerEmail: "has-pw@cli.test" }, testActor);
    assert.equal(existing.linkKind, "sign_in");
    assert.match(existing.link, /\/login$/);
    assert.equal((await verifyCredentials(t.db, "has-pw@cli.test", "existing pw")).ok, true);

    // A password nobody proved the address with does not follow the account: a setup link instead.
    await createMember(t.db, home.id, { email: "unproved@cli.test", passwordHash: await hashPassword("existing pw") });
    const unproved = await createTeamForOperator(t.db, { slug: "cli-three", name: "Three", ownerEmail: "unproved@cli.test" }, testActor);
    assert.equal(unproved.linkKind, "setup");
    assert.equal((await verifyCredentials(t.db, "unproved@cli.test", "existing pw")).ok, false);
    await assert.rejects(createTeamForOperator(t.db, { slug: "cli-team", name: "Again", ownerEmail: "x@cli.test" }, testActor), SlugTakenError);
    assert.equal(await t.db.user.count({ where: { emailNormalized: "x@cli.test" } }), 0);
  });
});
