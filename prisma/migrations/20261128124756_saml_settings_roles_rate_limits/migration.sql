-- CreateEnum
CREATE TYPE "RoleSource" AS ENUM ('DEFAULT', 'MANUAL', 'SCIM', 'GROUP');

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "roleSource" "RoleSource" NOT NULL DEFAULT 'DEFAULT';

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "jitProvisioning" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ssoRequired" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "TeamDomain" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "verificationToken" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamDomain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "TeamDomain_domain_key" ON "TeamDomain"("domain");

-- CreateIndex
CREATE INDEX "TeamDomain_teamId_idx" ON "TeamDomain"("teamId");

-- AddForeignKey
ALTER TABLE "TeamDomain" ADD CONSTRAINT "TeamDomain_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
