-- AlterTable
ALTER TABLE "ScimRequestLog" ADD COLUMN     "authProblem" TEXT,
ADD COLUMN     "errorDetail" TEXT,
ADD COLUMN     "isError" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "memberId" TEXT,
ADD COLUMN     "requestBody" TEXT,
ADD COLUMN     "responseBody" TEXT,
ADD COLUMN     "scimType" TEXT,
ADD COLUMN     "tokenName" TEXT,
ADD COLUMN     "tokenPrefix" TEXT;

-- Rows logged before errors were kept apart.
UPDATE "ScimRequestLog" SET "isError" = true WHERE status >= 400;

-- CreateIndex
CREATE INDEX "ScimRequestLog_teamId_isError_createdAt_idx" ON "ScimRequestLog"("teamId", "isError", "createdAt");

-- CreateIndex
CREATE INDEX "ScimRequestLog_teamId_memberId_idx" ON "ScimRequestLog"("teamId", "memberId");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_targetId_idx" ON "AuditEvent"("teamId", "targetId");
