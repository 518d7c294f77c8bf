import type { Db } from "../members/types";

export type ProvisioningSummary = {
  domains: { verified: number; total: number };
  activeTokens: number;
  lastRequest: { at: Date; status: number; authProblem: string | null } | null;
};

/**
 * What DOMAIN ACCESS & SSO says at a glance (the SAML connection lives in jackson and is read by
 * the page): verified domains, usable SCIM tokens and the IdP's latest request. Three index probes.
 */
export async function provisioningSummary(db: Db, teamId: string, now = new Date()): Promise<ProvisioningSummary> {
  const [domains, verified, activeTokens, lastRequest] = await Promise.all([
    db.teamDomain.count({ where: { teamId } }),
    db.teamDomain.count({ where: { teamId, verifiedAt: { not: null } } }),
    db.scimToken.count({ where: { teamId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.scimRequestLog.findFirst({ where: { teamId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { createdAt: true, status: true, authProblem: true } }),
  ]);
  return {
    domains: { verified, total: domains },
    activeTokens,
    lastRequest: lastRequest && { at: lastRequest.createdAt, status: lastRequest.status, authProblem: lastRequest.authProblem },
  };
}
