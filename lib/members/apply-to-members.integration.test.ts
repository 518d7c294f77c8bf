import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam } from "../testing/factories";
import type { Actor } from "../audit/actor";
import { applyToMembers } from "./apply-to-members";

// People acting in the UI: the domain's IdP locks and owner rules apply to them.
const admin = (userId: string): Actor => ({ type: "user", userId, label: "admin@bulk.test", mayManageOwners: false });
const owner = (userId: string): Actor => ({ type: "user", userId, label: "owner@bulk.test", mayManageOwners: true });
const plain = { refuse: () => null, describe: (e: unknown) => (e as Error).message };

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function team() {
  const { id } = await createTeam(t.db);
  const o = await createMember(t.db, id, { email: "owner@bulk.test", role: "OWNER" });
  const a = await createMember(t.db, id, { email: "a@bulk.test" });
  const b = await createMember(t.db, id, { email: "b@bulk.test" });
  const scim = await createMember(t.db, id, { email: "scim@bulk.test", source: "SCIM" });
  const grouped = await createMember(t.db, id, { email: "grouped@bulk.test", role: "MEMBER", roleSource: "GROUP" });
  const adm = await createMember(t.db, id, { email: "admin@bulk.test", role: "ADMIN" });
  return { id, o, a, b, scim, grouped, admin: admin(adm.userId), owner: owner(o.userId) };
}

describe("applyToMembers", () => {
  it("deactivates the members the rules allow and says why it skipped the others", async () => {
    const m = await team();
    const out = await applyToMembers(t.db, m.id, [m.a.id, m.b.id, m.scim.id, m.o.id], { kind: "deactivate" }, m.admin, plain);
    assert.deepEqual(out.done, ["a@bulk.test", "b@bulk.test"]);
    assert.deepEqual(out.skipped.map((s) => s.email), ["scim@bulk.test", "owner@bulk.test"]);
    assert.match(out.skipped[0].reason, /managed by your identity provider/);
    assert.match(out.skipped[1].reason, /Only owners/);
    const statuses = await t.db.membership.findMany({ where: { teamId: m.id }, select: { email: true, status: true }, orderBy: { email: "asc" } });
    assert.deepEqual(statuses.filter((s) => s.status === "DEACTIVATED").map((s) => s.email), ["a@bulk.test", "b@bulk.test"]);
  });

  it("never removes the last active owner, even when an owner selects everyone", async () => {
    const m = await team();
    const out = await applyToMembers(t.db, m.id, [m.o.id, m.a.id], { kind: "remove" }, m.owner, plain);
    assert.deepEqual(out.done, ["a@bulk.test"]);
    assert.match(out.skipped[0].reason, /at least one active owner/);
    assert.equal(await t.db.membership.count({ where: { teamId: m.id, role: "OWNER" } }), 1);
  });

  it("changes roles except where a group decides them; refusals decided up front skip without writing", async () => {
    const m = await team();
    const out = await applyToMembers(t.db, m.id, [m.a.id, m.grouped.id, m.b.id, "00000000-0000-4000-8000-000000000000"], { kind: "role", role: "ADMIN" }, m.admin, {
      ...plain,
      refuse: (x) => (x.email === "b@bulk.test" ? "Not this one." : null),
    });
    assert.deepEqual(out.done, ["a@bulk.test"]);
    assert.deepEqual(
      out.skipped.map((s) => [s.email, s.reason.slice(0, 20)]),
      [
        ["grouped@bulk.test", "Role is managed by y"],
        ["b@bulk.test", "Not this one."],
        [null, "No longer a member o"],
      ],
    );
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: m.b.id } })).role, "MEMBER");
  });

  it("acts on its own team only", async () => {
    const m = await team();
    const other = await team();
    const out = await applyToMembers(t.db, m.id, [other.a.id], { kind: "deactivate" }, m.admin, plain);
    assert.deepEqual(out.done, []);
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: other.a.id } })).status, "ACTIVE");
  });
});
