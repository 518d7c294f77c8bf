// Requests to /Users/{id} read the member in the token's statement (user-by-id.ts): a GET is that
// one statement, a PATCH or PUT that and the write. What they answer is what a fresh read gives,
// another team's member stays out of reach, and a read gone stale by the write decides nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createMember, createTeam } from "../testing/factories";
import { BASE, GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, scimClient, teamWithToken } from "../testing/scim-harness";
import { useStatementLog, type StatementLog } from "../testing/statement-log";
import { Prisma } from "../db/generated/client";
import { updateMember } from "../members/update-member";
import { OwnerAuthorityError } from "../members/errors";
import { userByIdAlongside } from "./user-by-id";
import { patchUser } from "./users";
import type { ScimContext } from "./with-scim-auth";

let db: StatementLog["db"];
let statementsOf: StatementLog["statementsOf"];
useStatementLog({ directPath: true }, (log) => ({ db, statementsOf } = log));

const lookup = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

describe("a request for one User", () => {
  it("GET is the token's statement alone, and answers as the lookup lists the member, groups included", async () => {
    const { token } = await teamWithToken(db, "by-id-get");
    const scim = scimClient(db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("ada@by-id-get.test") });
    const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Engineering", members: [{ value: created.body.id }] } });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const { result, sent } = await statementsOf(() => scim("GET", `/Users/${created.body.id}`));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(sent.length, 1, sent.join("\n"));
    assert.match(sent[0]!, /FROM "ScimToken"/);
    const listed = await scim("GET", lookup("ada@by-id-get.test"));
    assert.deepEqual(result.body, listed.body.Resources[0]);
    assert.deepEqual(result.body.groups.map((g: { display: string }) => g.display), ["Engineering"]);
  });

  it("PATCH and PUT are the token's statement and the write, and answer what a GET then reads", async () => {
    const { token } = await teamWithToken(db, "by-id-write");
    const scim = scimClient(db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("bob@by-id-write.test") });
    await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Support", members: [{ value: created.body.id }] } });
    const path = `/Users/${created.body.id}`;

    const patched = await statementsOf(() => scim("PATCH", path, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "title", value: "Lead" }] } }));
    assert.equal(patched.result.status, 200, JSON.stringify(patched.result.body));
    assert.equal(patched.sent.length, 2, patched.sent.join("\n"));
    assert.deepEqual(patched.result.body, (await scim("GET", path)).body);
    assert.equal(patched.result.body.title, "Lead");

    const put = await statementsOf(() => scim("PUT", path, { body: oktaUser("bob@by-id-write.test", { title: "Manager", active: false }) }));
    assert.equal(put.result.status, 200, JSON.stringify(put.result.body));
    assert.equal(put.sent.length, 2, put.sent.join("\n"));
    const after = (await scim("GET", path)).body;
    assert.deepEqual(put.result.body, after);
    assert.equal(after.title, "Manager");
    assert.equal(after.active, false);
    assert.deepEqual(after.groups.map((g: { display: string }) => g.display), ["Support"]);
  });

  it("another team's member is 404 to GET, PATCH and PUT, and is neither answered nor changed", async () => {
    const { token } = await teamWithToken(db, "by-id-mine");
    const other = await createTeam(db);
    const theirs = await createMember(db, other.id, { source: "SCIM" });
    const before = await db.membership.findUniqueOrThrow({ where: { id: theirs.id } });
    const scim = scimClient(db, token);
    const path = `/Users/${theirs.id}`;
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] }],
      ["PUT", oktaUser("mallory@by-id-mine.test", { active: false })],
    ] as const) {
      const res = await scim(method, path, { body });
      assert.equal(res.status, 404, `${method}: ${JSON.stringify(res.body)}`);
      assert.ok(!JSON.stringify(res.body).includes(theirs.email), `${method} reveals nothing of the member`);
    }
    assert.deepEqual(await db.membership.findUniqueOrThrow({ where: { id: theirs.id } }), before);
  });

  it("a read gone stale by the write decides nothing: an owner made meanwhile is not deactivated by a token that may not touch owners", async () => {
    const team = await createTeam(db);
    await createMember(db, team.id, { role: "OWNER", source: "MANUAL" });
    const member = await createMember(db, team.id, { source: "SCIM" });
    const read = await db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { user: true } });
    await updateMember(db, { teamId: team.id, membershipId: member.id }, { role: "OWNER" }, { type: "system", label: "test" });
    const okta = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: false };
    await assert.rejects(updateMember(db, { teamId: team.id, membershipId: member.id }, { status: "DEACTIVATED" }, okta, { current: read }), OwnerAuthorityError);
    const after = await db.membership.findUniqueOrThrow({ where: { id: member.id } });
    assert.equal(after.role, "OWNER");
    assert.equal(after.status, "ACTIVE");
  });

  it("answers a write with the groups of the version it wrote, when a group change moved the member after the read", async () => {
    const { team, token } = await teamWithToken(db, "by-id-groups");
    const scim = scimClient(db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("cy@by-id-groups.test") });
    const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Ops" } });
    const id: string = created.body.id;
    // What the token's statement read, before the group change below.
    const url = new URL(`${BASE}/Users/${id}`);
    const along = userByIdAlongside(url, "PATCH")!;
    const [{ value }] = await db.$queryRaw<{ value: unknown }[]>(Prisma.sql`SELECT ${along.sql(Prisma.sql`${team.id}`)} AS value`);
    const added = await scim("PATCH", `/Groups/${group.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const ctx = {
      db, teamId: team.id, actor: { type: "scim", tokenId: "k", label: "Okta", mayManageOwners: true }, membershipEpoch: 0,
      baseUrl: BASE, request: new Request(url), url, alongside: { key: id, value },
    } satisfies ScimContext;
    const answer = await patchUser(ctx, id, { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "title", value: "On call" }] });
    assert.deepEqual(answer, (await scim("GET", `/Users/${id}`)).body);
    assert.deepEqual(answer.groups?.map((g) => g.display), ["Ops"]);
  });

  it("a decision to write nothing, made from a read gone stale, is made again from the member as it is", async () => {
    const team = await createTeam(db);
    const member = await createMember(db, team.id, { source: "SCIM" });
    const okta = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: false };
    const target = { teamId: team.id, membershipId: member.id };
    await updateMember(db, target, { status: "DEACTIVATED" }, okta);
    const read = await db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { user: true } });
    await updateMember(db, target, { status: "ACTIVE" }, okta);
    const outcome = await updateMember(db, target, { status: "DEACTIVATED" }, okta, { current: read });
    assert.equal(outcome.changed, true);
    assert.equal((await db.membership.findUniqueOrThrow({ where: { id: member.id } })).status, "DEACTIVATED");
  });
});
