-- Whether an owner set up the connection's IdP as it is (lib/saml/sso-login.ts): only then does it
-- sign in the team's owners. Existing connections count as owner-configured.
ALTER TABLE "SsoConnection" ADD COLUMN     "ownerConfigured" BOOLEAN NOT NULL DEFAULT true;
