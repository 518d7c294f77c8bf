// The scim_token_owner_authority migration on a database that already has tokens: each keeps
// the authority its creator had (lib/members/owner-authority.ts).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { databaseBefore } from "../testing/before-migration";

describe("migration scim_token_owner_authority", () => {
  it("gives existing tokens made by the CLI or by a current owner the authority over owners, and no others", async () => {
    const t = await databaseBefore("_scim_token_owner_authority");
    try {
      await t.adapter.transaction((sql) =>
        sql.exec(`
          INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ('team', 'acme', 'Acme', now());
          INSERT INTO "User" (id, email, "emailNormalized", "updatedAt") VALUES ('u-owner', 'o@x.test', 'o@x.test', now()), ('u-admin', 'a@x.test', 'a@x.test', now()), ('u-was-owner', 'w@x.test', 'w@x.test', now());
          INSERT INTO "Membership" (id, "teamId", "userId", role, "userName", "userNameNormalized", email, "emailNormalized", "updatedAt") VALUES
            ('m1', 'team', 'u-owner', 'OWNER', 'o@x.test', 'o@x.test', 'o@x.test', 'o@x.test', now()),
            ('m2', 'team', 'u-admin', 'ADMIN', 'a@x.test', 'a@x.test', 'a@x.test', 'a@x.test', now()),
            ('m3', 'team', 'u-was-owner', 'MEMBER', 'w@x.test', 'w@x.test', 'w@x.test', 'w@x.test', now());
          INSERT INTO "ScimToken" (id, "teamId", name, "tokenHash", prefix) VALUES
            ('by-cli', 'team', 'cli', 'h1', 'p'), ('by-owner', 'team', 'o', 'h2', 'p'), ('by-admin', 'team', 'a', 'h3', 'p'),
            ('by-former-owner', 'team', 'w', 'h4', 'p'), ('no-record', 'team', 'n', 'h5', 'p');
          INSERT INTO "AuditEvent" (id, "teamId", "actorType", "actorUserId", "actorLabel", action, "targetType", "targetId") VALUES
            ('e1', 'team', 'system', NULL, 'cli', 'scim_token.created', 'scim_token', 'by-cli'),
            ('e2', 'team', 'user', 'u-owner', 'o@x.test', 'scim_token.created', 'scim_token', 'by-owner'),
            ('e3', 'team', 'user', 'u-admin', 'a@x.test', 'scim_token.created', 'scim_token', 'by-admin'),
            ('e4', 'team', 'user', 'u-was-owner', 'w@x.test', 'scim_token.created', 'scim_token', 'by-former-owner');
        `),
      );
      await t.migrateRest();
      const rows = await t.adapter.transaction((sql) => sql.query<{ id: string; mayManageOwners: boolean }>(`SELECT id, "mayManageOwners" FROM "ScimToken" ORDER BY id`));
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.mayManageOwners])), {
        "by-admin": false,
        "by-cli": true,
        "by-former-owner": false,
        "by-owner": true,
        "no-record": false,
      });
    } finally {
      await t.close();
    }
  });
});
