// Events recorded one after another keep their order when read by time: the audit log and the
// member timeline order by createdAt, and events of one action (a team's creation writes
// member.added, then team.created) often fell in the same millisecond (34 of 200 team creations
// on PostgreSQL), their order then left to the database or to random ids.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam as createBareTeam, testActor } from "../testing/factories";
import { recordAudit } from "./record-audit";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

describe("recordAudit", () => {
  it("gives events recorded one after another strictly increasing times", async () => {
    const team = await createBareTeam(t.db);
    for (let i = 0; i < 50; i++) {
      await t.db.$transaction(async (tx) => {
        await recordAudit(tx, { teamId: team.id, actor: testActor, action: "member.added", details: { n: 2 * i } });
        await recordAudit(tx, { teamId: team.id, actor: testActor, action: "team.created", details: { n: 2 * i + 1 } });
      });
    }
    const events = await t.db.auditEvent.findMany({ where: { teamId: team.id }, select: { createdAt: true, details: true } });
    const times = events.sort((a, b) => (a.details as { n: number }).n - (b.details as { n: number }).n).map((e) => e.createdAt.getTime());
    const ties = times.filter((ms, i) => i > 0 && ms <= times[i - 1]!).length;
    assert.equal(ties, 0, `${ties} of ${times.length - 1} events not after the one before`);
  });
});
