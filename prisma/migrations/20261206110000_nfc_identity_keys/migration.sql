-- Identity keys compare canonically equivalent text as one: "é" composed (U+00E9) or decomposed
-- ("e" + U+0301) is one address and one userName (lib/members/normalize.ts now keys them in NFC).
-- Keys stored before in another form are brought to NFC, so lookups in either form find them. A
-- key whose NFC form another row already holds (the duplicate this prevents from now on) stays as
-- it is: both rows keep working, and neither is merged or lost; of several rows that would take
-- one key, the oldest takes it.

-- PostgreSQL normalizes only in a UTF8 database; in another encoding (SQL_ASCII) this is skipped
-- rather than fail the upgrade.

DO $migration$
BEGIN
IF current_setting('server_encoding') <> 'UTF8' THEN
  RETURN;
END IF;

-- Accounts: the sign-in address, unique across the instance.
WITH moves AS (
  SELECT DISTINCT ON (normalize(u."emailNormalized", NFC)) u.id, normalize(u."emailNormalized", NFC) AS key
    FROM "User" u
   WHERE u."emailNormalized" IS NOT NULL AND u."emailNormalized" IS NOT NFC NORMALIZED
     AND NOT EXISTS (SELECT 1 FROM "User" o WHERE o."emailNormalized" = normalize(u."emailNormalized", NFC))
   ORDER BY normalize(u."emailNormalized", NFC), u."createdAt", u.id
)
UPDATE "User" u SET "emailNormalized" = moves.key FROM moves WHERE u.id = moves.id;

-- Memberships: the userName, unique within a team, and the team's email of the member.
WITH moves AS (
  SELECT DISTINCT ON (m."teamId", normalize(m."userNameNormalized", NFC)) m.id, normalize(m."userNameNormalized", NFC) AS key
    FROM "Membership" m
   WHERE m."userNameNormalized" IS NOT NFC NORMALIZED
     AND NOT EXISTS (SELECT 1 FROM "Membership" o WHERE o."teamId" = m."teamId" AND o."userNameNormalized" = normalize(m."userNameNormalized", NFC))
   ORDER BY m."teamId", normalize(m."userNameNormalized", NFC), m."createdAt", m.id
)
UPDATE "Membership" m SET "userNameNormalized" = moves.key FROM moves WHERE m.id = moves.id;

UPDATE "Membership" SET "emailNormalized" = normalize("emailNormalized", NFC) WHERE "emailNormalized" IS NOT NFC NORMALIZED;

-- Invitations: matched to the members and accounts of their address.
UPDATE "Invitation" SET "emailNormalized" = normalize("emailNormalized", NFC) WHERE "emailNormalized" IS NOT NFC NORMALIZED;

END
$migration$;
