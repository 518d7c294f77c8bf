// Property-based: generated PATCH operations on one group (the forms Okta and Entra send, and
// hostile variations of them), checked against a model of the member set. Members named are the
// team's, another team's (the same person in both), made up, duplicated, or in another case.
// For every request: no 5xx; a refusal is a SCIM error and changes no row anywhere; an answer is
// the group as the model says and as a GET reads it; every member of the team's groups is a
// membership of the team; and the other team's rows never change. FUZZ_RUNS / FUZZ_SEED as in
// scim-fuzz.integration.test.ts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { domainSnapshot } from "../testing/db-snapshot";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, scimClient, teamWithToken, type ScimResponse } from "../testing/scim-harness";

// 150 by default: about 20 s of the suite on PGlite (300 took 38 s); FUZZ_RUNS for a longer hunt.
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

/** Rows of team `teamId` only, so a request of the other team must leave them as they were. */
async function teamRows(teamId: string): Promise<string> {
  const [row] = await t.db.$queryRaw<{ s: string }[]>`
    SELECT concat_ws(' ',
      (SELECT md5(coalesce(string_agg(m::text, '|' ORDER BY m.id), '')) FROM "Membership" m WHERE m."teamId" = ${teamId}),
      (SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) FROM "User" u WHERE u.id IN (SELECT "userId" FROM "Membership" WHERE "teamId" = ${teamId})),
      (SELECT md5(coalesce(string_agg(g::text, '|' ORDER BY g.id), '')) FROM "Group" g WHERE g."teamId" = ${teamId}),
      (SELECT md5(coalesce(string_agg(gm::text, '|' ORDER BY gm."groupId", gm."membershipId"), '')) FROM "GroupMember" gm JOIN "Group" g ON g.id = gm."groupId" WHERE g."teamId" = ${teamId}),
      (SELECT count(*)::text FROM "AuditEvent" WHERE "teamId" = ${teamId})) AS s`;
  return row!.s;
}

describe("PATCH /Groups/{id}: generated operations against a model of its members", () => {
  it(`${RUNS} generated PATCHes: the model's members, or a SCIM error and nothing changed`, async () => {
    const a = await teamWithToken(t.db, "model-a");
    const b = await teamWithToken(t.db, "model-b");
    const scimA = scimClient(t.db, a.token);
    const scimB = scimClient(t.db, b.token);
    const ours: string[] = [];
    const theirs: string[] = [];
    for (const name of ["ann", "ben", "cat", "dan"]) {
      ours.push((await scimA("POST", "/Users", { body: oktaUser(`${name}@model.test`) })).body.id);
      theirs.push((await scimB("POST", "/Users", { body: oktaUser(`${name}@model.test`) })).body.id);
    }
    const created = await scimA("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Model", members: [{ value: ours[0] }] } });
    const gid = created.body.id as string;
    await scimA("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Taken" } });
    const theirGroup = await scimB("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Model", members: theirs.map((value) => ({ value })) } });
    assert.equal(theirGroup.status, 201);

    const own = fc.constantFrom(...ours);
    const anyId = fc.oneof(
      { weight: 6, arbitrary: own },
      { weight: 2, arbitrary: fc.constantFrom(...theirs) },
      { weight: 1, arbitrary: own.map((id) => id.toUpperCase()) },
      { weight: 1, arbitrary: fc.constantFrom("00000000-0000-0000-0000-000000000000", "nope", gid, theirGroup.body.id as string, " ", "") },
    );
    const member = fc.oneof(
      { weight: 4, arbitrary: anyId.map((value) => ({ value })) },
      { weight: 1, arbitrary: anyId.map((value) => ({ value, display: "x", type: "User" })) },
      { weight: 1, arbitrary: anyId },
    );
    const members = fc.array(member, { maxLength: 5 });
    const name = fc.oneof(fc.constantFrom("Model", "model", "Taken", "TAKEN", "Renamed", " ", ""), fc.string({ maxLength: 6 }));
    const op = fc.constantFrom("add", "remove", "replace", "Add", "Remove", "Replace");
    const operation = fc.oneof(
      fc.record({ op, path: fc.constantFrom("members", "Members"), value: members }),
      fc.record({ op: fc.constant("remove"), path: fc.constant("members") }),
      fc.record({ op, path: anyId.map((id) => `members[value eq "${id}"]`) }),
      fc.record({ op, path: fc.constantFrom("displayName", "externalId"), value: name }),
      fc.record({ op: fc.constantFrom("replace", "add"), value: fc.record({ displayName: name, members }, { requiredKeys: [] }) }),
      fc.record({ op: fc.constant("remove"), path: fc.constantFrom("displayName", "externalId", "id", "members.value") }),
    );
    const body = fc.array(operation, { minLength: 1, maxLength: 3 }).map((Operations) => ({ schemas: [PATCH_SCHEMA], Operations }));

    const counts: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(body, async (request) => {
        const before = await scimA("GET", `/Groups/${gid}`);
        const snapshot = await domainSnapshot(t.db);
        const theirsBefore = await teamRows(b.team.id);
        const res: ScimResponse = await scimA("PATCH", `/Groups/${gid}`, { body: request });
        counts[res.status] = (counts[res.status] ?? 0) + 1;
        assert.ok(res.status < 500, `5xx: ${JSON.stringify(res.body)}`);
        assert.equal(await teamRows(b.team.id), theirsBefore, "the other team's rows are untouched");
        const foreign = await t.db.groupMember.count({ where: { group: { teamId: a.team.id }, membership: { teamId: { not: a.team.id } } } });
        assert.equal(foreign, 0, "a group holds only its team's members");
        if (res.status >= 400) {
          assert.deepEqual(res.body.schemas, [ERROR_SCHEMA]);
          assert.equal(res.body.status, String(res.status));
          // The team's write lock bumps its page epoch even for a refusal (lock-team.ts): compare the rest.
          const strip = (s: string) => s.split(" ").slice(1).join(" ");
          assert.equal(strip(await domainSnapshot(t.db)), strip(snapshot), `refused (${res.status} ${res.body.detail}) yet something changed`);
          return;
        }
        assert.equal(res.status, 200);
        const expected = model(before.body.members.map((m: { value: string }) => m.value), request.Operations, ours);
        if (expected === "refuse") assert.fail(`accepted what names a member not of the team: ${JSON.stringify(request)}`);
        const got = res.body.members.map((m: { value: string }) => m.value);
        if (expected !== "unknown") assert.deepEqual([...got].sort(), [...expected].sort(), JSON.stringify(request));
        const read = await scimA("GET", `/Groups/${gid}`);
        assert.deepEqual(read.body.members.map((m: { value: string }) => m.value).sort(), [...got].sort(), "a GET reads what the PATCH answered");
        assert.equal(new Set(got).size, got.length, "no member twice");
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`seed ${SEED}:`, counts);
  });
});

type Op = { op: string; path?: string; value?: unknown };

/** The member set after `ops`, "refuse" when one names someone not of the team, "unknown" where the model does not say. */
function model(start: string[], ops: Op[], team: string[]): string[] | "refuse" | "unknown" {
  let set = new Set(start);
  const valueOf = (m: unknown) => (typeof m === "string" ? m : (m as { value: string }).value);
  for (const { op: raw, path, value } of ops) {
    const op = raw.toLowerCase();
    let listed: unknown[] | undefined;
    if (path?.toLowerCase() === "members") listed = value === undefined ? undefined : (value as unknown[]);
    else if (path === undefined && value && typeof value === "object" && "members" in value) listed = (value as { members: unknown[] }).members;
    else if (path?.startsWith("members[")) return "unknown";
    else continue;
    if (op === "remove") {
      if (listed === undefined) set = new Set();
      else for (const m of listed) set.delete(valueOf(m));
      continue;
    }
    const ids = (listed ?? []).map(valueOf);
    if (op === "replace") set = new Set(ids);
    else for (const id of ids) set.add(id);
  }
  for (const id of set) if (!team.includes(id)) return "refuse";
  return [...set];
}
