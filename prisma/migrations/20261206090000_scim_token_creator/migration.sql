-- Who created a SCIM token, when a person did: the token acts with an owner's authority only while
-- that person is still an active owner of the team (lib/scim-tokens/authenticate-token.ts), as a
-- setup link does. No foreign key: a deleted account must leave an id that matches no membership
-- (no authority), not NULL, which means the operator's CLI (the system, authority kept).
ALTER TABLE "ScimToken" ADD COLUMN "createdByUserId" TEXT;

-- Tokens made before: their creator from the creation's audit entry, where a person made them.
UPDATE "ScimToken" k
   SET "createdByUserId" = COALESCE(a."actorUserId", '(deleted account)')
  FROM "AuditEvent" a
 WHERE a."teamId" = k."teamId" AND a.action = 'scim_token.created' AND a."targetId" = k.id AND a."actorType" = 'user';
