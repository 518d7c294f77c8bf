-- AlterTable
ALTER TABLE "TeamDomain" ADD COLUMN     "connectionId" TEXT;

-- CreateTable
CREATE TABLE "SsoConnection" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "testedAt" TIMESTAMP(3),
    "testedByLabel" TEXT,
    "testedEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SsoConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SsoSetupLink" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "SsoSetupLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SsoConnection_clientId_key" ON "SsoConnection"("clientId");

-- CreateIndex
CREATE INDEX "SsoConnection_teamId_createdAt_idx" ON "SsoConnection"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SsoSetupLink_tokenHash_key" ON "SsoSetupLink"("tokenHash");

-- CreateIndex
CREATE INDEX "SsoSetupLink_teamId_idx" ON "SsoSetupLink"("teamId");

-- CreateIndex
CREATE INDEX "TeamDomain_connectionId_idx" ON "TeamDomain"("connectionId");

-- AddForeignKey
ALTER TABLE "TeamDomain" ADD CONSTRAINT "TeamDomain_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "SsoConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoConnection" ADD CONSTRAINT "SsoConnection_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoSetupLink" ADD CONSTRAINT "SsoSetupLink_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
