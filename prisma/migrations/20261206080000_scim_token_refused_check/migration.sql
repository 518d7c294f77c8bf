-- Whether a SCIM token may no longer write to the team, read with a snapshot of its own: revoked,
-- expired by now, or another team's. A SCIM write asks once it holds the team's row
-- (lib/members/lock-team.ts and the one-statement writes), and revoking or rotating a token takes
-- that row first (lib/scim-tokens), so a write either commits before the revocation or is refused
-- after it. The one-statement writes' snapshot predates the team lock: like
-- gatehouse_has_open_invitation, a VOLATILE PL/pgSQL function (never inlined) takes a fresh one,
-- evaluated once the lock is held. Token rows go only with their team (ON DELETE CASCADE), whose
-- row a write needs anyway: no row here refuses nothing.
CREATE FUNCTION "gatehouse_scim_token_refused"(team_id text, token_id text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM "ScimToken"
     WHERE id = token_id
       AND ("teamId" <> team_id OR "revokedAt" IS NOT NULL
            OR ("expiresAt" IS NOT NULL AND "expiresAt" <= (clock_timestamp() AT TIME ZONE 'UTC'))));
END
$$;
