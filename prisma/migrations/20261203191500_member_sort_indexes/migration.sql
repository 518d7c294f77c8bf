-- Indexes for sorting the Manage Team list (lib/members/list-members.ts) at 100k members: each
-- starts with teamId and ends with the id tiebreak, so a page is read in index order (forwards for
-- ascending, backwards for descending) instead of sorting the whole team.
CREATE INDEX "Membership_teamId_emailNormalized_id_idx" ON "Membership"("teamId", "emailNormalized", "id");
CREATE INDEX "Membership_teamId_role_createdAt_id_idx" ON "Membership"("teamId", "role", "createdAt", "id");
CREATE INDEX "Membership_teamId_status_createdAt_id_idx" ON "Membership"("teamId", "status", "createdAt", "id");

-- Expression indexes Prisma's schema cannot express, so they live only here (like the trigram
-- ones); the expressions must stay identical to NAME_KEY and LAST_SIGN_IN_KEY in list-members.ts.
CREATE INDEX "Membership_teamId_name_sort_idx" ON "Membership"
  ("teamId", (lower(coalesce("displayName", "nameFormatted", nullif(btrim(coalesce("givenName", '') || ' ' || coalesce("familyName", '')), ''), "emailNormalized"))), "id");
CREATE INDEX "Membership_teamId_last_sign_in_sort_idx" ON "Membership"
  ("teamId", (coalesce("lastLoginAt", '-infinity'::timestamp)), "id");
