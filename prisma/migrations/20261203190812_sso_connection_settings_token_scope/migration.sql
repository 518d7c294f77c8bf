-- AlterTable
ALTER TABLE "ScimToken" ADD COLUMN     "replacedById" TEXT,
ADD COLUMN     "rotatedAt" TIMESTAMP(3),
ADD COLUMN     "scope" TEXT NOT NULL DEFAULT 'read-write';

-- CreateTable
CREATE TABLE "SsoConnectionSettings" (
    "clientId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "idpEntityId" TEXT,
    "attributeMapping" JSONB NOT NULL DEFAULT '{}',
    "syncRoleAndGroups" BOOLEAN NOT NULL DEFAULT false,
    "lastAssertion" JSONB,
    "lastAssertionAt" TIMESTAMP(3),
    "lastSignInAt" TIMESTAMP(3),
    "lastSignInEmail" TEXT,
    "metadataCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsoConnectionSettings_pkey" PRIMARY KEY ("clientId")
);

-- CreateTable
CREATE TABLE "SsoLoginHandoff" (
    "key" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsoLoginHandoff_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SsoSignInRefusal" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "clientId" TEXT,
    "reason" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SsoSignInRefusal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SsoConnectionSettings_teamId_idx" ON "SsoConnectionSettings"("teamId");

-- CreateIndex
CREATE INDEX "SsoLoginHandoff_expiresAt_idx" ON "SsoLoginHandoff"("expiresAt");

-- CreateIndex
CREATE INDEX "SsoSignInRefusal_teamId_clientId_createdAt_idx" ON "SsoSignInRefusal"("teamId", "clientId", "createdAt");

-- AddForeignKey
ALTER TABLE "SsoConnectionSettings" ADD CONSTRAINT "SsoConnectionSettings_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoSignInRefusal" ADD CONSTRAINT "SsoSignInRefusal_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
