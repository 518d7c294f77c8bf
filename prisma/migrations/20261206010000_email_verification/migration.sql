-- Whether an account's address was proved (lib/members/unproven-account.ts). Existing accounts
-- start unproved (NULL): nothing recorded how their passwords were set.
ALTER TABLE "User" ADD COLUMN     "emailVerifiedAt" TIMESTAMP(3);

-- Whether the current link went by email only, never shown to whoever made it.
ALTER TABLE "Invitation" ADD COLUMN     "mailOnly" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "PasswordToken" ADD COLUMN     "mailOnly" BOOLEAN NOT NULL DEFAULT false;
