-- Trigram indexes for the Manage Team search (substring match on name and email at 100k members).
-- Prisma's schema cannot express expression GIN indexes, so they live only here; the expressions
-- must stay identical to the ones in lib/members/list-members.ts. scripts/db.ts leaves them alone.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Membership_userNameNormalized_trgm_idx" ON "Membership" USING gin ("userNameNormalized" gin_trgm_ops);
CREATE INDEX "Membership_emailNormalized_trgm_idx" ON "Membership" USING gin ("emailNormalized" gin_trgm_ops);
CREATE INDEX "Membership_displayName_trgm_idx" ON "Membership" USING gin ((lower("displayName")) gin_trgm_ops);
CREATE INDEX "User_name_trgm_idx" ON "User"
  USING gin ((lower(coalesce(name, '') || ' ' || coalesce("givenName", '') || ' ' || coalesce("familyName", ''))) gin_trgm_ops);
