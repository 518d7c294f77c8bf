-- The SSO connection (jackson's clientID) whose IdP vouched for a session: deleting the connection,
-- or changing who its IdP is, ends the sessions it opened (found by review: they lasted their 12
-- hours after an owner deleted an admin's connection). Sessions opened before have none.
ALTER TABLE "Session" ADD COLUMN "connectionClientId" TEXT;
CREATE INDEX "Session_connectionClientId_idx" ON "Session"("connectionClientId");
