-- Several teams may claim one domain while none has proved it; only one may hold it verified
-- (lib/saml/team-domains.ts). Adding a domain another team had claimed used to take that claim
-- over, with a new token: anyone with a team of their own could keep a company from ever verifying
-- its domain by re-adding it as often as the company did, unseen in the company's audit log (found
-- by review). Now each claim keeps its own token; the first to verify wins and the other claims
-- are removed then, audited in their teams.
DROP INDEX "TeamDomain_domain_key";
DROP INDEX "TeamDomain_teamId_idx";
CREATE UNIQUE INDEX "TeamDomain_teamId_domain_key" ON "TeamDomain"("teamId", "domain");
CREATE INDEX "TeamDomain_domain_idx" ON "TeamDomain"("domain");
-- Not expressible in schema.prisma: one verified claim per domain, across teams.
CREATE UNIQUE INDEX "TeamDomain_verified_domain_key" ON "TeamDomain"("domain") WHERE "verifiedAt" IS NOT NULL;
