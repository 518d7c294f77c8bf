-- Each team owns its view of a person. The directory profile moves from the shared User row onto
-- the Membership (the team's own), and grows to every attribute /Schemas declares. User keeps only
-- what signs a person in, plus the name they give themselves.

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "costCenter" TEXT,
ADD COLUMN     "department" TEXT,
ADD COLUMN     "division" TEXT,
ADD COLUMN     "employeeNumber" TEXT,
ADD COLUMN     "familyName" TEXT,
ADD COLUMN     "givenName" TEXT,
ADD COLUMN     "honorificPrefix" TEXT,
ADD COLUMN     "honorificSuffix" TEXT,
ADD COLUMN     "locale" TEXT,
ADD COLUMN     "managerDisplayName" TEXT,
ADD COLUMN     "managerRef" TEXT,
ADD COLUMN     "managerValue" TEXT,
ADD COLUMN     "middleName" TEXT,
ADD COLUMN     "nameFormatted" TEXT,
ADD COLUMN     "nickName" TEXT,
ADD COLUMN     "organization" TEXT,
ADD COLUMN     "preferredLanguage" TEXT,
ADD COLUMN     "profileLists" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "profileUrl" TEXT,
ADD COLUMN     "timezone" TEXT,
ADD COLUMN     "title" TEXT,
ADD COLUMN     "userType" TEXT,
ALTER COLUMN "updatedAt" SET DEFAULT CURRENT_TIMESTAMP;

-- Every team gets the name the shared row held when this ran: the last writer's, which is the best
-- that can be recovered. From here on each team's writes reach only its own row.
UPDATE "Membership" m
   SET "nameFormatted" = u.name, "givenName" = u."givenName", "familyName" = u."familyName"
  FROM "User" u
 WHERE u.id = m."userId";

-- The one email each membership kept becomes its emails list (type work, primary), as it was rendered.
UPDATE "Membership"
   SET "profileLists" = jsonb_build_object('emails', jsonb_build_array(jsonb_build_object('value', email, 'type', 'work', 'primary', true)));

-- User.name was written by IdPs and admins of any team; it now means the person's own name, which
-- nobody has given yet.
UPDATE "User" SET name = NULL;

DROP INDEX IF EXISTS "User_name_trgm_idx";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "familyName",
DROP COLUMN "givenName";

-- The Manage Team search matches the team's own names (lib/members/list-members.ts; keep identical).
CREATE INDEX "Membership_names_trgm_idx" ON "Membership"
  USING gin ((lower(coalesce("nameFormatted", '') || ' ' || coalesce("givenName", '') || ' ' || coalesce("familyName", ''))) gin_trgm_ops);
