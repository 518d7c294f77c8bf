// The password_link_maker migration: an admin's link still open from before it carries no team or
// maker, so nothing could check it again when used (lib/password-reset/admin-reset.ts); it stops
// working at the upgrade. Links that went only to the mailbox, used or expired links, and the
// operator's owner setup links are left as they were.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { databaseBefore } from "../testing/before-migration";

describe("migration password_link_maker", () => {
  it("ends the admin links open before it, and only those", async () => {
    const t = await databaseBefore("_password_link_maker");
    try {
      const day = `(now() AT TIME ZONE 'UTC') + interval '1 day'`;
      await t.adapter.transaction((sql) =>
        sql.exec(`
          INSERT INTO "User" (id, email, "emailNormalized", "createdAt", "updatedAt") VALUES ('u', 'p@x.test', 'p@x.test', now(), now());
          INSERT INTO "PasswordToken" (id, "userId", purpose, "tokenHash", "createdByLabel", "expiresAt", "usedAt", "mailOnly") VALUES
            ('shown', 'u', 'reset', 'h1', 'admin@x.test', ${day}, NULL, false),
            ('mailed', 'u', 'reset', 'h2', 'p@x.test', ${day}, NULL, true),
            ('setup', 'u', 'owner_setup', 'h3', 'operator', ${day}, NULL, false),
            ('used', 'u', 'reset', 'h4', 'admin@x.test', ${day}, (now() AT TIME ZONE 'UTC'), false);
        `),
      );
      await t.migrateRest();
      const rows = await t.adapter.transaction((sql) =>
        sql.query<{ id: string; open: boolean }>(`SELECT id, "expiresAt" > (now() AT TIME ZONE 'UTC') AS open FROM "PasswordToken" ORDER BY id`),
      );
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.open])), { mailed: true, setup: true, shown: false, used: true });
    } finally {
      await t.close();
    }
  });
});
