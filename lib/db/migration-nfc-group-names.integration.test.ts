// The nfc_group_names migration on a database whose group names are kept decomposed: they are
// brought to NFC (lib/groups/group-name.ts), and a name whose NFC form another group of the team
// already holds is left as it is rather than failing the migration.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { databaseBefore } from "../testing/before-migration";

const nfc = "caf\u00E9";
const nfd = nfc.normalize("NFD");

describe("migration nfc_group_names", () => {
  it("brings decomposed group names to NFC, and leaves the ones that would collide", async () => {
    const t = await databaseBefore("_nfc_group_names");
    try {
      await t.adapter.transaction((sql) =>
        sql.exec(`
          INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ('t1', 'one', 'One', now()), ('t2', 'two', 'Two', now());
          INSERT INTO "Group" (id, "teamId", "displayName", "displayNameNormalized", "updatedAt") VALUES
            ('g1', 't1', 'Caf${nfd.slice(3)}', '${nfd}', now()),
            ('g2', 't2', 'Caf${nfd.slice(3)}', '${nfd}', now()),
            ('g3', 't2', 'Caf\u00E9', '${nfc}', now());
        `),
      );
      await t.migrateRest();
      const rows = await t.adapter.transaction((sql) => sql.query<{ id: string; key: string }>(`SELECT id, "displayNameNormalized" AS key FROM "Group" ORDER BY id`));
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.key])), { g1: nfc, g2: nfd, g3: nfc }, "team two already has the NFC name");
    } finally {
      await t.close();
    }
  });
});
