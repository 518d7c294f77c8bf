-- The address a password link was made for, the one its mail names (lib/password-reset/tokens.ts):
-- using a link that went only to the mailbox proves the account's address only while it is still
-- that one. A move of the account's address committing between a link's read of the address and
-- its insert left a link mailed to the old address that, used, proved the new one (found by
-- review). Links still open from before have none, so they prove nothing when used (they still set
-- the password): nothing recorded which address they went to, and filling in the account's
-- address now would name the new address for exactly such a link.
ALTER TABLE "PasswordToken" ADD COLUMN "mailedTo" TEXT;
