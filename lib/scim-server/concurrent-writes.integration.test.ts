// No lost updates: concurrent writers to one user or one group all apply, one after another, and
// only a client that sent a stale If-Match gets 412 (RFC 7232 §3.1). On PostgreSQL these really
// run in parallel (CI runs this file there too); PGlite serialises them.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, scimClient, teamWithToken } from "../testing/scim-harness";

let t: TestDatabase;
before(async () => {
  // What these tests assert is that every writer lands, not how soon: 200 writers queued on one
  // group's lock may wait longer than the app's pool allows under CI's load (they got 503).
  t = await createTestDatabase({ poolWaitSeconds: 120 });
});
after(() => t.close());

const patch = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe("concurrent SCIM writes", () => {
  it("20 parallel PATCHes of one user without If-Match all apply", async () => {
    const { token } = await teamWithToken(t.db, "concurrent-user");
    const scim = scimClient(t.db, token);
    const u = await scim("POST", "/Users", { body: oktaUser("busy@x.test") });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => scim("PATCH", `/Users/${u.body.id}`, patch({ op: "add", path: "phoneNumbers", value: [{ value: `+1 555 01${String(i).padStart(2, "0")}` }] }))),
    );
    assert.deepEqual(tally(results.map((r) => r.status)), { 200: 20 });
    const final = await scim("GET", `/Users/${u.body.id}`);
    assert.equal(final.body.phoneNumbers.length, 20, "every PATCH's phone number is there");
    assert.equal(final.body.meta.version, `W/"${1 + 20}"`);
  });

  it("200 parallel single-member adds to one group (Entra's form) leave 200 members", async () => {
    const { token } = await teamWithToken(t.db, "concurrent-group");
    const scim = scimClient(t.db, token);
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push((await scim("POST", "/Users", { body: oktaUser(`m${i}@x.test`) })).body.id);
    const g = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Everyone" } });
    const results = await Promise.all(ids.map((id) => scim("PATCH", `/Groups/${g.body.id}`, patch({ op: "Add", path: "members", value: [{ value: id }] }))));
    assert.deepEqual(tally(results.map((r) => r.status)), { 200: 200 });
    assert.equal(await t.db.groupMember.count({ where: { groupId: g.body.id } }), 200);
  });

  it("answers 412 only to a stale If-Match, and changes nothing then", async () => {
    const { token } = await teamWithToken(t.db, "concurrent-ifmatch");
    const scim = scimClient(t.db, token);
    const u = await scim("POST", "/Users", { body: oktaUser("etag@x.test") });
    const first = await scim("PATCH", `/Users/${u.body.id}`, { ...patch({ op: "replace", path: "title", value: "A" }), headers: { "if-match": u.body.meta.version } });
    assert.equal(first.status, 200);
    const stale = await scim("PATCH", `/Users/${u.body.id}`, { ...patch({ op: "replace", path: "title", value: "B" }), headers: { "if-match": u.body.meta.version } });
    assert.equal(stale.status, 412);
    assert.equal((await scim("GET", `/Users/${u.body.id}`)).body.title, "A");
  });
});
