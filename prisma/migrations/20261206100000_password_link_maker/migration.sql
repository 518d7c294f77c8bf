-- Where an admin's password link was made, and by whom: what it was checked for when made (an
-- admin of the team, the person in it, lib/password-reset/admin-reset.ts) is checked again when it
-- is used, up to a day later. The team's deletion takes its links with it. No foreign key on the
-- maker: a deleted account must leave an id that matches no membership (no authority), not NULL.
ALTER TABLE "PasswordToken" ADD COLUMN "teamId" TEXT;
ALTER TABLE "PasswordToken" ADD COLUMN "createdByUserId" TEXT;
ALTER TABLE "PasswordToken" ADD COLUMN "createdTeamOnly" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "PasswordToken" ADD CONSTRAINT "PasswordToken_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "PasswordToken_teamId_idx" ON "PasswordToken"("teamId");

-- Admin links still open from before carry neither, so nothing could check them again: they stop
-- working now (an admin makes a new one). Links that went only to the mailbox (forgot password,
-- an emailed admin link) and the operator's owner setup links are left alone.
UPDATE "PasswordToken" SET "expiresAt" = (now() AT TIME ZONE 'UTC')
 WHERE purpose = 'reset' AND "mailOnly" = false AND "usedAt" IS NULL AND "expiresAt" > (now() AT TIME ZONE 'UTC');
