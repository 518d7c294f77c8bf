import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam } from "../testing/factories";
import { recordAudit } from "./record-audit";
import { listAuditEvents, streamAuditEvents } from "./list-audit";

let t: TestDatabase;
let teamId: string;
const ada = { type: "user" as const, userId: "", label: "ada@acme.test", mayManageOwners: true };
const okta = { type: "scim" as const, tokenId: "t", label: 'SCIM token "Okta"', mayManageOwners: true };

before(async () => {
  t = await createTestDatabase();
  teamId = (await createTeam(t.db)).id;
  const other = await createTeam(t.db);
  const user = await t.db.user.create({ data: { email: "ada@acme.test", emailNormalized: "ada@acme.test" } });
  ada.userId = user.id;
  // 1,203 events, one a minute from 2026-01-01: enough for several export batches.
  for (let i = 0; i < 1203; i++) {
    await recordAudit(t.db, { teamId, actor: i % 3 ? okta : ada, action: "member.added", target: { type: "member", id: `m${i}`, label: `person${i}@acme.test` } });
  }
  await t.db.auditEvent.updateMany({ where: { teamId }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
  const rows = await t.db.auditEvent.findMany({ where: { teamId }, select: { id: true, targetId: true } });
  for (const r of rows) {
    const i = Number(r.targetId!.slice(1));
    await t.db.auditEvent.update({ where: { id: r.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000) } });
  }
  await recordAudit(t.db, { teamId: other.id, actor: ada, action: "member.added", target: { type: "member", id: "x", label: "person1@other.test" } });
});
after(() => t.close());

describe("listAuditEvents", () => {
  it("counts every event of the team and pages newest first", async () => {
    const page = await listAuditEvents(t.db, { teamId, page: 2, pageSize: 50 });
    assert.equal(page.total, 1203);
    assert.equal(page.events.length, 50);
    assert.equal(page.events[0].targetLabel, "person1152@acme.test");
    assert.equal(page.hasNext, true);
  });

  it("filters by person and target (any case, part of the label) and by a time range", async () => {
    assert.equal((await listAuditEvents(t.db, { teamId, person: "ADA@" })).total, 401);
    assert.equal((await listAuditEvents(t.db, { teamId, person: "okta" })).total, 802);
    assert.equal((await listAuditEvents(t.db, { teamId, target: "person12" })).total, 1 + 10 + 3); // 12, 120–129, 1200–1202
    const hour = await listAuditEvents(t.db, { teamId, from: new Date("2026-01-01T01:00:00Z"), before: new Date("2026-01-01T02:00:00Z") });
    assert.equal(hour.total, 60);
    assert.equal(hour.events[0].targetLabel, "person119@acme.test");
  });
});

const allowed = async () => true;

describe("streamAuditEvents", () => {
  it("reads no batch once the requester may no longer read the log", async () => {
    let allowedNow = true;
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const e of streamAuditEvents(t.db, { teamId }, async () => allowedNow, 100)) {
        seen.push(e.id);
        allowedNow = false;
      }
    }, /your access to this team changed/);
    assert.equal(seen.length, 100);
  });

  it("yields every matching event once, newest first, across batches, and nothing of another team", async () => {
    const seen: string[] = [];
    for await (const e of streamAuditEvents(t.db, { teamId }, allowed, 100)) seen.push(e.targetLabel!);
    assert.equal(seen.length, 1203);
    assert.equal(new Set(seen).size, 1203);
    assert.equal(seen[0], "person1202@acme.test");
    assert.equal(seen.at(-1), "person0@acme.test");
    const filtered: string[] = [];
    for await (const e of streamAuditEvents(t.db, { teamId, person: "ada" }, allowed, 100)) filtered.push(e.actorLabel);
    assert.equal(filtered.length, 401);
  });
});
