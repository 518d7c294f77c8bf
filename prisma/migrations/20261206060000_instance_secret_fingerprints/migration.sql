-- What every instance on one PostgreSQL database must share (NEXTAUTH_SECRET, JACKSON_*), as
-- fingerprints (an HMAC keyed by the secret, never the secret): an instance whose generated
-- secrets differ stops at start-up instead of serving (lib/db/instance-secrets.ts).
CREATE TABLE "InstanceSecretFingerprint" (
    "name" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "generated" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstanceSecretFingerprint_pkey" PRIMARY KEY ("name")
);
