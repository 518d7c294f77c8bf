-- CreateTable
CREATE TABLE "SamlReplay" (
    "key" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SamlReplay_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SamlReplay_expiresAt_idx" ON "SamlReplay"("expiresAt");
