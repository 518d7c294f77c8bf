-- ("teamId", status) is the prefix of ("teamId", status, "createdAt", id), which answers every
-- query the shorter one did. Each index of Membership is written by every create and every change
-- of an indexed column (a deactivation changes status, so it is never a HOT update): one fewer of
-- eighteen for SCIM's POST and PATCH to maintain (issue 12).
DROP INDEX IF EXISTS "Membership_teamId_status_idx";
