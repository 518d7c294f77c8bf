-- Whether the team has an open invitation to an address, read with a snapshot of its own.
-- lib/members/add-member-in-one-statement.ts takes the team lock inside its one statement, and
-- that statement's snapshot is older than the lock: a plain subquery would miss an invitation that
-- the transaction it waited for had just committed. A VOLATILE PL/pgSQL function (never inlined)
-- takes a fresh snapshot for its query, evaluated once the lock is held.
CREATE FUNCTION "gatehouse_has_open_invitation"(team_id text, email_normalized text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM "Invitation"
     WHERE "teamId" = team_id AND "emailNormalized" = email_normalized
       AND "acceptedAt" IS NULL AND "revokedAt" IS NULL);
END
$$;
