// The nfc_identity_keys migration on a database that already has keys in a decomposed form: they
// are brought to NFC (lib/members/normalize.ts), so a lookup in either form finds them, and a key
// whose NFC form another row already holds is left as it is rather than failing the migration.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { databaseBefore } from "../testing/before-migration";

const nfc = "jos\u00E9@acme.test";
const nfd = nfc.normalize("NFD");

describe("migration nfc_identity_keys", () => {
  it("brings decomposed identity keys to NFC, and leaves the ones that would collide", async () => {
    const t = await databaseBefore("_nfc_identity_keys");
    try {
      const other = "zo\u00EB@acme.test".normalize("NFD");
      await t.adapter.transaction((sql) =>
        sql.exec(`
          INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ('t1', 'one', 'One', now()), ('t2', 'two', 'Two', now());
          INSERT INTO "User" (id, email, "emailNormalized", "createdAt", "updatedAt") VALUES
            ('u-nfd', '${nfd}', '${nfd}', now(), now()), ('u-other', '${other}', '${other}', now(), now()), ('u-nfc', '${nfc}', '${nfc}', now(), now());
          INSERT INTO "Membership" (id, "teamId", "userId", role, "userName", "userNameNormalized", email, "emailNormalized", "updatedAt") VALUES
            ('m1', 't1', 'u-nfd', 'OWNER', '${nfd}', '${nfd}', '${nfd}', '${nfd}', now()),
            ('m2', 't2', 'u-nfd', 'OWNER', '${nfd}', '${nfd}', '${nfd}', '${nfd}', now()),
            ('m3', 't2', 'u-nfc', 'MEMBER', '${nfc}', '${nfc}', '${nfc}', '${nfc}', now());
          INSERT INTO "Invitation" (id, "teamId", email, "emailNormalized", role, "tokenHash", "invitedByLabel", "expiresAt") VALUES
            ('i1', 't1', '${other}', '${other}', 'MEMBER', 'h', 'x', now() + interval '1 day');
        `),
      );
      await t.migrateRest();
      const read = (q: string) => t.adapter.transaction((sql) => sql.query<{ id: string; key: string }>(q));
      const users = Object.fromEntries((await read(`SELECT id, "emailNormalized" AS key FROM "User"`)).map((r) => [r.id, r.key]));
      assert.equal(users["u-nfc"], nfc);
      assert.equal(users["u-nfd"], nfd, "its NFC form is another account's: left as it was");
      assert.equal(users["u-other"], "zo\u00EB@acme.test");
      const userNames = Object.fromEntries((await read(`SELECT id, "userNameNormalized" AS key FROM "Membership"`)).map((r) => [r.id, r.key]));
      assert.deepEqual(userNames, { m1: nfc, m2: nfd, m3: nfc }, "team two already has the NFC userName");
      const emails = await read(`SELECT id, "emailNormalized" AS key FROM "Membership" ORDER BY id`);
      assert.deepEqual(emails.map((r) => r.key), [nfc, nfc, nfc]);
      assert.deepEqual((await read(`SELECT id, "emailNormalized" AS key FROM "Invitation"`)).map((r) => r.key), ["zo\u00EB@acme.test"]);
    } finally {
      await t.close();
    }
  });
});
