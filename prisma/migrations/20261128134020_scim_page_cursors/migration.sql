-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "membershipEpoch" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ScimPageCursor" (
    "key" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "afterCreatedAt" TIMESTAMP(3) NOT NULL,
    "afterId" TEXT NOT NULL,
    "totalResults" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScimPageCursor_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ScimPageCursor_createdAt_idx" ON "ScimPageCursor"("createdAt");
