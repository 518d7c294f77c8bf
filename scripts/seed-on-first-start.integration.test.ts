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
import { DEMO_OWNER_EMAIL, seedOnFirstStart } from "./seed";

describe("npm start's demo seeding", () => {
  it("seeds an empty database once: a renamed demo team is not seeded again, and keeps its owner's password", () =>
    withMigratedDatabase(async ({ adapter, db }) => {
      const t = { adapter };
      assert.equal(await seedOnFirstStart(t.adapter, db), "created");
      const owner = await db.user.findUniqueOrThrow({ where: { emailNormalized: DEMO_OWNER_EMAIL } });
      assert.ok(owner.passwordHash);
      const acme = await db.team.findUniqueOrThrow({ where: { slug: "acme" } });
      await changeTeamSlug(db, acme.id, "mycorp", systemActor("test"));

      assert.equal(await seedOnFirstStart(t.adapter, db), "skipped");
      assert.deepEqual((await db.team.findMany({ select: { slug: true } })).map((x) => x.slug), ["mycorp"]);
      assert.equal((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash, owner.passwordHash);
      await db.team.delete({ where: { id: acme.id } });
      assert.equal(await seedOnFirstStart(t.adapter, db), "skipped", "accounts remain: not a first start");
    }));

  it("does not seed a database that holds another team", () =>
    withMigratedDatabase(async ({ adapter, db }) => {
      await createMember(db, (await createTeam(db)).id);
      assert.equal(await seedOnFirstStart(adapter, db), "skipped");
      assert.equal(await db.team.count({ where: { slug: "acme" } }), 0);
    }));
});
