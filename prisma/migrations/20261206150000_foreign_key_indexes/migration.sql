-- Every foreign key gets an index leading with its columns (lib/db/foreign-key-indexes.integration.test.ts).
-- Membership.userId: each signed-in page reads the person's memberships across teams, which had
-- no index but (teamId, userId): a scan of every team's members, 18-25 ms at 100,000 of them.
-- The two others are set to null when a person is deleted: each deletion scanned every team's
-- audit events and invitations.
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");
CREATE INDEX "AuditEvent_actorUserId_idx" ON "AuditEvent"("actorUserId");
CREATE INDEX "Invitation_invitedByUserId_idx" ON "Invitation"("invitedByUserId");
