-- A session an admin's SSO connection opened reaches that team only (lib/auth/session-user.ts).
ALTER TABLE "Session" ADD COLUMN     "onlyTeamId" TEXT;
