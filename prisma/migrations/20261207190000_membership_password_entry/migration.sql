-- Whether a password session may enter this membership while the account's address is unproved
-- (lib/members/unproven-account.ts). A team that adds an existing account whose address nobody
-- proved used to clear the account's password and end its sessions, so that whoever set that
-- password through a link they saw could not follow the account in; but any team, a stranger's
-- own included, could do that to anyone. Now only the new membership is closed to the password,
-- until the address is proved. Existing memberships stay open, as they were.
ALTER TABLE "Membership" ADD COLUMN "passwordMayEnter" BOOLEAN NOT NULL DEFAULT true;
