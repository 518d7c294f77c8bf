-- Rows that existed were counted as owner-configured (the migration before); a row made from now
-- on without saying so (a jackson connection adopted without a row) is not.
ALTER TABLE "SsoConnection" ALTER COLUMN "ownerConfigured" SET DEFAULT false;
