-- (teamId, emailNormalized) is a prefix of (teamId, emailNormalized, id), which answers the same
-- lookups (EXPLAIN: the primary-address arm of a lookup by address already read the longer one).
-- Every insert of a member and every update that moves its row wrote both; one is enough, and
-- the emails index of the previous migration is one more to write.
DROP INDEX IF EXISTS "Membership_teamId_emailNormalized_idx";
