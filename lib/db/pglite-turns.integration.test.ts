import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { addMember } from "../members/add-member";

let t: TestDatabase;
before(async () => (t = await createTestDatabase()));
after(() => t.close());

/** Counts the event loop's turns while fn runs (a turn is when Node reads the network). */
async function turnsDuring(fn: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await fn();
  } finally {
    running = false;
  }
  return turns;
}

// On the embedded database the statements run on this thread; without a turn between them, a
// burst of requests starved every new connection for seconds (lib/db/pglite-turns.ts).
describe("database work leaves the event loop its turns", () => {
  it("between the statements of transactions (membership writes)", async () => {
    const team = await createTeam(t.db);
    const turns = await turnsDuring(async () => {
      for (let i = 0; i < 10; i++) await addMember(t.db, { teamId: team.id, email: `turn${i}@turns.test`, source: "SCIM" }, testActor);
    });
    assert.ok(turns >= 10, `the event loop turned ${turns} times during 10 membership writes`);
  });

  it("between the statements inside one transaction", async () => {
    const turns = await turnsDuring(() =>
      t.db.$transaction(async (tx) => {
        for (let i = 0; i < 20; i++) await tx.$queryRaw`SELECT ${i}::int AS i`;
      }),
    );
    assert.ok(turns >= 20, `the event loop turned ${turns} times during one transaction of 20 statements`);
  });

  it("between plain reads", async () => {
    const turns = await turnsDuring(async () => {
      for (let i = 0; i < 20; i++) await t.db.user.findFirst({ where: { email: `nobody${i}@turns.test` } });
    });
    assert.ok(turns >= 20, `the event loop turned ${turns} times during 20 reads`);
  });
});
