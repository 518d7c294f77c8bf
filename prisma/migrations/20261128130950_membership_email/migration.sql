-- The team's view of a member's email moves onto Membership (SCIM emails need not be unique or
-- valid addresses); existing rows take their person's sign-in email.
-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "email" TEXT,
ADD COLUMN     "emailNormalized" TEXT;

UPDATE "Membership" AS m SET "email" = u."email", "emailNormalized" = lower(u."email")
FROM "User" AS u WHERE u."id" = m."userId";

ALTER TABLE "Membership" ALTER COLUMN "email" SET NOT NULL,
ALTER COLUMN "emailNormalized" SET NOT NULL;

-- AlterTable
ALTER TABLE "User" ALTER COLUMN "emailNormalized" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Membership_teamId_emailNormalized_idx" ON "Membership"("teamId", "emailNormalized");
