// A member's provisioning timeline: SCIM requests and audit events about them, within one team.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { PATCH_SCHEMA, oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";
import { memberTimeline } from "./member-timeline";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

describe("member timeline", () => {
  it("lists the member's SCIM requests and audit events, newest first, and nothing of another team", async () => {
    const a = await teamWithToken(t.db, "timeline-a");
    const b = await teamWithToken(t.db, "timeline-b");
    const scimA = scimClient(t.db, a.token);
    const created = await scimA("POST", "/Users", { body: oktaUser("ada@timeline.test") });
    assert.equal(created.status, 201);
    const bad = await scimA("PATCH", `/Users/${created.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "userName" }] } });
    assert.equal(bad.status, 400);
    assert.equal((await scimA("PATCH", `/Users/${created.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } })).status, 200);
    // The same person in team B.
    const inB = await scimClient(t.db, b.token)("POST", "/Users", { body: oktaUser("ada@timeline.test") });
    assert.equal(inB.status, 201);

    const items = await memberTimeline(t.db, { teamId: a.team.id, memberId: created.body.id });
    const scim = items.filter((i) => i.kind === "scim");
    const events = items.filter((i) => i.kind === "event");
    assert.deepEqual(scim.map((i) => i.kind === "scim" && [i.method, i.status]), [["PATCH", 200], ["PATCH", 400], ["POST", 201]]);
    assert.deepEqual(events.map((i) => i.kind === "event" && i.action).sort(), ["member.added", "member.deactivated"]);
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.at >= items[i]!.at, "newest first");
    assert.deepEqual(await memberTimeline(t.db, { teamId: a.team.id, memberId: inB.body.id }), [], "team B's member is not team A's to read");
    assert.equal((await memberTimeline(t.db, { teamId: b.team.id, memberId: inB.body.id })).filter((i) => i.kind === "scim").length, 1);
  });
});
