import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam as createBareTeam, testActor } from "../testing/factories";
import { createGroup } from "../groups/create-group";
import { createInvitation } from "../invitations/manage-invitations";
import { createMemberResetLink } from "../password-reset/admin-reset";
import { createScimToken } from "../scim-tokens/create-token";
import { startSession } from "../sessions/start-session";
import { endTeamSessions } from "../sessions/end-team-sessions";
import { OwnerAuthorityError } from "../members/errors";
import { createTeam } from "./create-team";
import { deleteTeam } from "./delete-team";
import { SlugTakenError, TeamInputError } from "./errors";
import { changeTeamSlug, findMovedTeam, renameTeam, setDefaultRole } from "./update-team";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

const owner = (userId: string) => ({ type: "user" as const, userId, label: "owner@example.test", mayManageOwners: true });

describe("team settings", () => {
  it("renames, audited, and writes nothing when the name is the same", async () => {
    const team = await createBareTeam(t.db);
    assert.deepEqual(await renameTeam(t.db, team.id, "  New Name ", testActor), { changed: true });
    assert.deepEqual(await renameTeam(t.db, team.id, "New Name", testActor), { changed: false });
    assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).name, "New Name");
    assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "team.renamed" } }), 1);
    await assert.rejects(renameTeam(t.db, team.id, "   ", testActor), TeamInputError);
  });

  it("moves the slug, keeps the old one as a redirect no other team can take, and may move back", async () => {
    const team = await createBareTeam(t.db, "old-home");
    const other = await createBareTeam(t.db, "neighbour");
    assert.deepEqual(await changeTeamSlug(t.db, team.id, "New-Home", testActor), { changed: true, slug: "new-home" });
    assert.equal(await findMovedTeam(t.db, "old-home"), "new-home");
    assert.equal(await findMovedTeam(t.db, "neighbour"), null);
    await assert.rejects(changeTeamSlug(t.db, other.id, "old-home", testActor), SlugTakenError, "an old slug stays taken");
    await assert.rejects(changeTeamSlug(t.db, team.id, "neighbour", testActor), SlugTakenError);
    await assert.rejects(changeTeamSlug(t.db, team.id, "settings", testActor), /reserved/);
    await assert.rejects(createTeam(t.db, { name: "Squat", slug: "old-home", owner: { email: "s@example.test" } }, testActor), SlugTakenError);
    await changeTeamSlug(t.db, team.id, "old-home", testActor);
    assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).slug, "old-home");
    assert.equal(await findMovedTeam(t.db, "new-home"), "old-home");
    assert.equal(await t.db.teamSlugRedirect.count({ where: { slug: "old-home" } }), 0, "its own current slug is no redirect");
    assert.equal(await t.db.instanceAuditEvent.count({ where: { targetId: team.id, action: "team.slug_changed" } }), 2);
  });

  it("sets the default role to Member or Admin only", async () => {
    const team = await createBareTeam(t.db);
    assert.deepEqual(await setDefaultRole(t.db, team.id, "ADMIN", testActor), { changed: true });
    await assert.rejects(setDefaultRole(t.db, team.id, "OWNER", testActor), /Member or Admin/);
    assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).defaultRole, "ADMIN");
  });
});

/** Every table with a teamId column, read from the database itself, so a table added later is covered too. */
async function teamTables(): Promise<string[]> {
  const rows = await t.db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns WHERE column_name = 'teamId' AND table_schema = current_schema() ORDER BY table_name`;
  return rows.map((r) => r.table_name);
}

async function rowsPerTable(teamId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await teamTables()) {
    const [row] = await t.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}" WHERE "teamId" = $1`, teamId);
    out[table] = row.n;
  }
  return out;
}

async function populatedTeam(slug: string) {
  const { team, owner: o } = await createTeam(t.db, { name: slug, slug, owner: { email: `owner@${slug}.test` } }, testActor);
  const m = await createMember(t.db, team.id, { email: `m@${slug}.test` });
  await createGroup(t.db, { teamId: team.id, displayName: "Everyone", memberIds: [m.id, o.id] }, testActor);
  const token = await createScimToken(t.db, { teamId: team.id, name: "okta", mayManageOwners: true }, testActor);
  await t.db.scimRequestLog.create({ data: { teamId: team.id, tokenId: token.id, method: "GET", path: "/Users", status: 200, durationMs: 1 } });
  await t.db.scimPageCursor.create({ data: { key: `k-${slug}`, teamId: team.id, afterCreatedAt: new Date(), afterId: m.id, totalResults: 2 } });
  await t.db.teamDomain.create({ data: { teamId: team.id, domain: `${slug}.test`, verificationToken: "v" } });
  await createInvitation(t.db, { teamId: team.id, email: `invited@${slug}.test`, role: "MEMBER" }, owner(o.userId));
  const session = await startSession(t.db, { userId: m.userId, method: "password", maxAgeSeconds: 60 });
  await t.db.sessionTeamEntry.create({ data: { sessionId: session, teamId: team.id } });
  await endTeamSessions(t.db, { teamId: team.id, userId: m.userId });
  await t.db.teamSlugRedirect.create({ data: { slug: `${slug}-old`, teamId: team.id } });
  await t.db.auditEvent.create({ data: { teamId: team.id, actorType: "user", actorLabel: "o", action: "saml.connection_changed", details: { change: "connection_saved" } } });
  // SSO connections, their settings, refused sign-ins and setup links name the team too.
  await t.db.ssoConnection.create({ data: { teamId: team.id, kind: "saml", clientId: `client-${slug}`, label: "Okta" } });
  await t.db.ssoConnectionSettings.create({ data: { clientId: `client-${slug}`, teamId: team.id } });
  await t.db.ssoSignInRefusal.create({ data: { teamId: team.id, clientId: `client-${slug}`, reason: "audience", message: "Audience was X, this team expects Y" } });
  await t.db.ssoSetupLink.create({ data: { teamId: team.id, tokenHash: `hash-${slug}`, createdByLabel: "o", expiresAt: new Date(Date.now() + 86_400_000) } });
  // An admin's password link is the team's: it goes with it (its authority came from the team).
  await createMemberResetLink(t.db, { teamId: team.id, membershipId: m.id }, owner(o.userId));
  return { team, owner: o, member: m };
}

describe("deleting a team", () => {
  it("leaves no row behind in any table that names it, keeps accounts and the other team, and is in the instance trail", async () => {
    const doomed = await populatedTeam("doomed");
    const kept = await populatedTeam("kept");
    const keptBefore = await rowsPerTable(kept.team.id);
    const removed: string[] = [];
    for (const [table, n] of Object.entries(await rowsPerTable(doomed.team.id))) assert.ok(n > 0 || table === "Team", `seeded ${table}`);

    await deleteTeam({ db: t.db, removeSsoConnections: async (id) => void removed.push(id) }, { teamId: doomed.team.id, confirmSlug: "Doomed" }, owner(doomed.owner.userId));

    assert.equal(await t.db.team.count({ where: { id: doomed.team.id } }), 0);
    for (const [table, n] of Object.entries(await rowsPerTable(doomed.team.id))) assert.equal(n, 0, `${table} still names the deleted team`);
    assert.deepEqual(await rowsPerTable(kept.team.id), keptBefore, "the other team is untouched");
    assert.deepEqual(removed, [doomed.team.id], "jackson's connections for the team are removed");
    assert.equal(await t.db.user.count({ where: { id: doomed.member.userId } }), 1, "accounts stay");
    assert.equal(await t.db.instanceAuditEvent.count({ where: { targetId: doomed.team.id, action: "team.deleted" } }), 1);
    assert.equal(await t.db.teamSlugRedirect.count({ where: { slug: "doomed-old" } }), 0, "its old slugs are free again");
  });

  it("does not wake jackson for a team that never had a SAML connection", async () => {
    const { team, owner: o } = await createTeam(t.db, { name: "No SSO", slug: "no-sso", owner: { email: "o@no-sso.test" } }, testActor);
    const removed: string[] = [];
    await deleteTeam({ db: t.db, removeSsoConnections: async (id) => void removed.push(id) }, { teamId: team.id, confirmSlug: "no-sso" }, owner(o.userId));
    assert.deepEqual(removed, []);
    assert.equal(await t.db.team.count({ where: { id: team.id } }), 0);
  });

  it("needs the slug typed and an owner's authority", async () => {
    const { team, owner: o } = await populatedTeam("guarded");
    const deps = { db: t.db, removeSsoConnections: async () => {} };
    await assert.rejects(deleteTeam(deps, { teamId: team.id, confirmSlug: "guarde" }, owner(o.userId)), /to confirm/);
    await assert.rejects(deleteTeam(deps, { teamId: team.id, confirmSlug: "guarded" }, { ...owner(o.userId), mayManageOwners: false }), OwnerAuthorityError);
    assert.equal(await t.db.team.count({ where: { id: team.id } }), 1);
  });
});
