-- When who can vouch through one of the team's SSO connections last changed (a connection deleted,
-- or given another certificate, entity ID, metadata URL, provider or client), by the database's
-- clock; and when each login code was issued, by the same clock. A code issued before the change
-- opens no session (lib/sessions/start-session.ts): an IdP's answer redeemed after the owner
-- replaced its key, or in flight while the connection was deleted, opened a session nothing ended
-- (found by review).
ALTER TABLE "Team" ADD COLUMN "ssoChangedAt" TIMESTAMP(3);
ALTER TABLE "SsoLoginHandoff" ADD COLUMN "issuedAt" TIMESTAMP(3);
