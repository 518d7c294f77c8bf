-- Group names compare canonically equivalent text as one, as identity keys do since
-- nfc_identity_keys: "Café" composed (U+00E9) or decomposed ("e" + U+0301) is one group name
-- (lib/groups/group-name.ts now keys them in NFC). Names stored before in another form are brought
-- to NFC, so a lookup, a create's uniqueness check and SAML group matching in either form find
-- them. A name whose NFC form another group of the team already holds stays as it is: both groups
-- keep working and neither is merged; of several that would take one name, the oldest takes it.
-- Skipped in a database whose encoding is not UTF8 (PostgreSQL normalizes only there).

DO $migration$
BEGIN
IF current_setting('server_encoding') <> 'UTF8' THEN
  RETURN;
END IF;

WITH moves AS (
  SELECT DISTINCT ON (g."teamId", normalize(g."displayNameNormalized", NFC)) g.id, normalize(g."displayNameNormalized", NFC) AS key
    FROM "Group" g
   WHERE g."displayNameNormalized" IS NOT NFC NORMALIZED
     AND NOT EXISTS (SELECT 1 FROM "Group" o WHERE o."teamId" = g."teamId" AND o."displayNameNormalized" = normalize(g."displayNameNormalized", NFC))
   ORDER BY g."teamId", normalize(g."displayNameNormalized", NFC), g."createdAt", g.id
)
UPDATE "Group" g SET "displayNameNormalized" = moves.key FROM moves WHERE g.id = moves.id;

END
$migration$;
