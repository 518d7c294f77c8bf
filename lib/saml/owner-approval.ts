// The owners' approval of an SSO connection (SsoConnection.ownerConfigured): its IdP may sign in
// the team's owners, and its sessions reach the person's other teams (sso-login.ts). Admins may
// configure SSO, but only owners make owners, so the approval covers everything that decides whom
// an assertion signs in: the IdP (connections.ts), the attribute mapping (connection-settings.ts)
// and the verified domains routed to it (here). A change by someone without an owner's authority
// that widens any of them withdraws it, until an owner saves the connection again.
import type { Actor } from "../audit/actor";
import { lockTeamRow } from "../audit/standing";
import type { Tx } from "../members/types";
import { domainsTrustedBy } from "./connection-routing";

/**
 * Whether this actor's save leaves the IdP as owners chose it: an owner (or what acts with an
 * owner's authority: the operator, a setup link made by an owner, which opens nothing once they no
 * longer are one). An admin's save of another IdP, or of another attribute mapping, is not, so that
 * connection stops signing in owners until an owner saves it.
 */
export function savesForOwners(actor: Actor): boolean {
  if (actor.type === "user") return actor.mayManageOwners;
  if (actor.type === "setup_link") return actor.forOwners;
  return actor.type === "system";
}

async function trustedDomains(tx: Tx, teamId: string): Promise<Map<string, { label: string; ownerConfigured: boolean; domains: Set<string> }>> {
  const [connections, domains] = await Promise.all([
    tx.ssoConnection.findMany({ where: { teamId }, select: { id: true, createdAt: true, label: true, ownerConfigured: true } }),
    tx.teamDomain.findMany({ where: { teamId }, select: { domain: true, verifiedAt: true, connectionId: true } }),
  ]);
  const routable = domains.map((d) => ({ domain: d.domain, verified: d.verifiedAt !== null, connectionId: d.connectionId }));
  return new Map(connections.map((c) => [c.id, { label: c.label, ownerConfigured: c.ownerConfigured, domains: new Set(domainsTrustedBy(c.id, routable, connections)) }]));
}

/**
 * Runs a change of the team's domains or connections in `tx` and, when the actor lacks an owner's
 * authority, withdraws the approval of every approved connection whose IdP may vouch for a domain
 * it could not before: an admin routing the owners' domain to another IdP (or verifying a domain,
 * or deleting a connection so its domains fall back to the default one) let that IdP sign in the
 * owners (found by review). Returns the labels of the connections withdrawn, for the change's audit.
 */
export async function withdrawApprovalWhereTrustWidens<T>(tx: Tx, teamId: string, actor: Actor, change: () => Promise<T>): Promise<{ result: T; withdrawn: string[] }> {
  // One change of the team's domains and connections at a time, whoever makes it (as saving a
  // connection does, connections.ts): two admins deleting the two older connections at once each
  // saw the other's still there, and neither saw the owners' domain fall to the approved third
  // (found by review, on PostgreSQL).
  await lockTeamRow(tx, teamId, actor);
  if (savesForOwners(actor)) return { result: await change(), withdrawn: [] };
  const before = await trustedDomains(tx, teamId);
  const result = await change();
  const after = await trustedDomains(tx, teamId);
  const widened = [...after].filter(([id, c]) => c.ownerConfigured && [...c.domains].some((d) => !before.get(id)?.domains.has(d)));
  if (widened.length > 0) await tx.ssoConnection.updateMany({ where: { teamId, id: { in: widened.map(([id]) => id) } }, data: { ownerConfigured: false } });
  return { result, withdrawn: widened.map(([, c]) => c.label) };
}
