-- Whether people the team's IdP creates get a welcome email (when the server sends email).
ALTER TABLE "Team" ADD COLUMN "welcomeEmails" BOOLEAN NOT NULL DEFAULT true;
