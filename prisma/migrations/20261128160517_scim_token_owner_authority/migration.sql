-- AlterTable
ALTER TABLE "ScimToken" ADD COLUMN     "mayManageOwners" BOOLEAN NOT NULL DEFAULT false;
