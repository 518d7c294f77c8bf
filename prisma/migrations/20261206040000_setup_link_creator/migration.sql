-- Who made a setup link: it acts for owners only while they are an active owner. Existing links
-- name nobody, so they do not.
ALTER TABLE "SsoSetupLink" ADD COLUMN     "createdByUserId" TEXT;
