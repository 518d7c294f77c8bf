// The membership_profile migration on a database that already holds one person in two teams: each
// team keeps the name it showed, the shared account keeps none of it, and the emails list appears.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { databaseBefore } from "../testing/before-migration";

describe("migration membership_profile", () => {
  it("moves the profile from the shared User onto each of the person's memberships", async () => {
    const t = await databaseBefore("_membership_profile");
    try {
      await t.adapter.transaction((sql) =>
        sql.exec(`
          INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ('a', 'a', 'A', now()), ('b', 'b', 'B', now());
          INSERT INTO "User" (id, email, "emailNormalized", name, "givenName", "familyName", "updatedAt") VALUES
            ('u1', 'bee@b.test', 'bee@b.test', 'Bee Scim', 'Bee', 'Scim', now());
          INSERT INTO "Membership" (id, "teamId", "userId", role, "userName", "userNameNormalized", email, "emailNormalized", "displayName", "updatedAt") VALUES
            ('ma', 'a', 'u1', 'MEMBER', 'bee@b.test', 'bee@b.test', 'bee@b.test', 'bee@b.test', NULL, now()),
            ('mb', 'b', 'u1', 'OWNER', 'Bee@B.test', 'bee@b.test', 'Bee@B.test', 'bee@b.test', 'Bee', now());
        `),
      );
      await t.migrateRest();
      const rows = await t.adapter.transaction((sql) =>
        sql.query<{ id: string; nameFormatted: string; givenName: string; familyName: string; displayName: string | null; profileLists: unknown }>(
          `SELECT id, "nameFormatted", "givenName", "familyName", "displayName", "profileLists" FROM "Membership" ORDER BY id`,
        ),
      );
      const lists = (r: (typeof rows)[number]) => (typeof r.profileLists === "string" ? JSON.parse(r.profileLists) : r.profileLists);
      assert.deepEqual(
        rows.map((r) => [r.id, r.nameFormatted, r.givenName, r.familyName, r.displayName]),
        [
          ["ma", "Bee Scim", "Bee", "Scim", null],
          ["mb", "Bee Scim", "Bee", "Scim", "Bee"],
        ],
      );
      assert.deepEqual(lists(rows[1]!), { emails: [{ value: "Bee@B.test", type: "work", primary: true }] });
      const user = await t.adapter.transaction((sql) => sql.query<Record<string, unknown>>(`SELECT * FROM "User"`));
      assert.equal(user[0]!.name, null);
      assert.equal("givenName" in user[0]!, false);
    } finally {
      await t.close();
    }
  });
});
