// npm start seeds the demo team on a database that holds no team and no account yet, never after.
// It seeded whenever no team was called "acme": an operator who renamed the demo team (or deleted
// it) and restarted got a second "acme", whose adding of the existing demo accounts cleared their
// passwords, and which took the renamed team's old address (found by an operator's review).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { withMigratedDatabase } from "../lib/testing/test-database";
import { changeTeamSlug } from "../lib/teams/update-team";
import { systemActor } from "../lib/audit/actor";
import { createMember, createTeam } from "../lib/testing/factories";
import { pausingAfter } from "../lib/testing/pause-after";
import { DEMO_OWNER_EMAIL, seed, seedOnFirstStart } from "./seed";

describe("npm start's demo seeding", () => {
  it("seeds an empty database once: a renamed demo team is not seeded again, and keeps its owner's password", () =>
    withMigratedDatabase(async ({ adapter, db }) => {
      const t = { adapter };
      assert.deepEqual(await seedOnFirstStart(t.adapter, db), { seeded: true, demoTeam: true, anyTeam: true });
      const owner = await db.user.findUniqueOrThrow({ where: { emailNormalized: DEMO_OWNER_EMAIL } });
      assert.ok(owner.passwordHash);
      const acme = await db.team.findUniqueOrThrow({ where: { slug: "acme" } });
      await changeTeamSlug(db, acme.id, "mycorp", systemActor("test"));

      assert.deepEqual(await seedOnFirstStart(t.adapter, db), { seeded: false, demoTeam: false, anyTeam: true });
      assert.deepEqual((await db.team.findMany({ select: { slug: true } })).map((x) => x.slug), ["mycorp"]);
      assert.equal((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash, owner.passwordHash);
      await db.team.delete({ where: { id: acme.id } });
      assert.deepEqual(await seedOnFirstStart(t.adapter, db), { seeded: false, demoTeam: false, anyTeam: false }, "accounts remain: not a first start");
    }));

  it("does not seed a database that holds another team", () =>
    withMigratedDatabase(async ({ adapter, db }) => {
      await createMember(db, (await createTeam(db)).id);
      assert.deepEqual(await seedOnFirstStart(adapter, db), { seeded: false, demoTeam: false, anyTeam: true });
      assert.equal(await db.team.count({ where: { slug: "acme" } }), 0);
    }));

  // Found by review: two instances starting at once on one new database both seeded, and the
  // second's start-up stopped on the team's unique address.
  it("a seed that finds the demo team made meanwhile (another instance starting) says it exists", () =>
    withMigratedDatabase(async ({ db }) => {
      let other: string | undefined;
      const racing = pausingAfter(db, "user", "count", async () => {
        other = await seed(db);
      });
      assert.equal(await seed(racing), "exists");
      assert.equal(other, "created");
      assert.equal(await db.team.count({ where: { slug: "acme" } }), 1);
    }));

  it("is not done where the operator turned it off", () =>
    withMigratedDatabase(async ({ adapter, db }) => {
      assert.deepEqual(await seedOnFirstStart(adapter, db, false), { seeded: false, demoTeam: false, anyTeam: false });
      assert.equal(await db.team.count(), 0);
    }));

  // npm run db:seed, an operator's explicit request, seeds whenever no team is called "acme"; after
  // the demo team was renamed it re-added the demo accounts with the demo password, replacing theirs.
  it("db:seed leaves the demo accounts of a renamed demo team as they are", () =>
    withMigratedDatabase(async ({ adapter, db }) => {
      await seedOnFirstStart(adapter, db);
      const acme = await db.team.findUniqueOrThrow({ where: { slug: "acme" } });
      await changeTeamSlug(db, acme.id, "mycorp", systemActor("test"));
      await db.user.update({ where: { emailNormalized: DEMO_OWNER_EMAIL }, data: { passwordHash: "their own" } });
      assert.equal(await seed(db), "accounts_exist");
      assert.equal(await db.team.count({ where: { slug: "acme" } }), 0);
      assert.equal((await db.user.findUniqueOrThrow({ where: { emailNormalized: DEMO_OWNER_EMAIL } })).passwordHash, "their own");
    }));
});
