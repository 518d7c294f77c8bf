// Entra pushes a group one member per PATCH, 200 at a time, while the same users' own PATCHes
// (profile, deactivation, role attribute set and released) arrive: on PostgreSQL these race for
// the team's write lock. Every write must land, and every member's role must end as the
// precedence says for the groups they end in (role-precedence.ts): none decided from a state
// another write had already changed.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, ROLE_EXT, scimClient, teamWithToken } from "../testing/scim-harness";
import { setGroupRole } from "../groups/set-group-role";
import { testActor } from "../testing/factories";
import { addMember } from "../members/add-member";
import { roleFromGroups } from "../groups/role-precedence";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());
const patch = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });

it("parallel group pushes and user PATCHes all land, and leave every role as the groups decide", async () => {
  const { team, token } = await teamWithToken(t.db, "conc");
  const scim = scimClient(t.db, token);
  await addMember(t.db, { teamId: team.id, email: "owner@conc.test", role: "OWNER", source: "MANUAL" }, testActor);
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) ids.push((await scim("POST", "/Users", { body: oktaUser(`u${i}@conc.test`) })).body.id);
  const g1 = (await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Admins" } })).body.id;
  const g2 = (await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Members", members: ids.slice(0, 15).map((value) => ({ value })) } })).body.id;
  await setGroupRole(t.db, { teamId: team.id, groupId: g1, role: "ADMIN" }, testActor);
  await setGroupRole(t.db, { teamId: team.id, groupId: g2, role: "MEMBER" }, testActor);
  const jobs: Promise<{ status: number }>[] = [];
  for (const [i, id] of ids.entries()) {
    jobs.push(scim("PATCH", `/Groups/${g1}`, patch({ op: "add", path: "members", value: [{ value: id }] })));
    if (i % 3 === 0) jobs.push(scim("PATCH", `/Groups/${g2}`, patch({ op: "remove", path: `members[value eq "${id}"]` })));
    if (i % 4 === 0) jobs.push(scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "displayName", value: `U ${i}` })));
    if (i % 5 === 0) jobs.push(scim("PATCH", `/Users/${id}`, patch({ op: "replace", path: "active", value: false })));
    if (i % 7 === 0) jobs.push(scim("PATCH", `/Users/${id}`, patch({ op: "replace", value: { [`${ROLE_EXT}:role`]: "member" } })));
    if (i % 7 === 1) jobs.push(scim("PATCH", `/Users/${id}`, patch({ op: "remove", path: `${ROLE_EXT}:role` })));
  }
  const done = await Promise.all(jobs);
  assert.deepEqual(done.map((r) => r.status).filter((s) => s !== 200), [], "every write answered 200");
  const g1m = (await scim("GET", `/Groups/${g1}`)).body.members.length;
  assert.equal(g1m, 30, "every add landed");
  const team2 = await t.db.team.findUniqueOrThrow({ where: { id: team.id } });
  const ms = await t.db.membership.findMany({ where: { id: { in: ids } }, include: { groups: { include: { group: true } } } });
  for (const m of ms) {
    const mapped = m.groups.map((g) => g.group.mappedRole!).filter(Boolean);
    const d = roleFromGroups(m, mapped, team2.defaultRole);
    assert.equal(d, null, `${m.userName}: ${m.role}/${m.roleSource} but groups say ${JSON.stringify(d)}`);
    const i = ids.indexOf(m.id);
    if (i % 4 === 0) assert.equal(m.displayName, `U ${i}`, "the profile PATCH landed");
    if (i % 5 === 0) assert.equal(m.status, "DEACTIVATED", "the deactivation landed");
    assert.equal(m.groups.some((g) => g.groupId === g2), i < 15 && i % 3 !== 0, "the removals landed");
  }
});
