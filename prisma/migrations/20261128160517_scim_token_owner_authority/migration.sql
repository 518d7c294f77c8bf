-- AlterTable
ALTER TABLE "ScimToken" ADD COLUMN     "mayManageOwners" BOOLEAN NOT NULL DEFAULT false;

-- Existing tokens keep the authority their creator had: those the CLI or seed made (system), and
-- those an owner of the team made who is an owner still. The rest count as made by an admin.
UPDATE "ScimToken" AS t SET "mayManageOwners" = true
 WHERE EXISTS (
   SELECT 1 FROM "AuditEvent" e
    WHERE e.action = 'scim_token.created' AND e."targetId" = t.id AND e."teamId" = t."teamId"
      AND (e."actorType" = 'system'
           OR EXISTS (SELECT 1 FROM "Membership" m
                       WHERE m."teamId" = t."teamId" AND m."userId" = e."actorUserId" AND m.role = 'OWNER')));
