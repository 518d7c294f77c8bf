import "server-only";
import type { Db } from "@/lib/members/types";
import { connectionForDomain } from "@/lib/saml/connection-routing";
import { listTeamConnections } from "@/lib/saml/connections";
import { getJackson } from "@/lib/saml/jackson";
import type { GuardConnection } from "@/lib/saml/team-settings";

/** The team's connections with the verified domains that route to each (what Require SSO checks). */
export async function requireSsoGuard(db: Db, teamId: string): Promise<GuardConnection[]> {
  const [connections, domains] = await Promise.all([
    listTeamConnections({ jackson: await getJackson(), db }, teamId),
    db.teamDomain.findMany({ where: { teamId, verifiedAt: { not: null } }, select: { domain: true, connectionId: true } }),
  ]);
  return connections.map((c) => ({
    label: c.label,
    testedAt: c.testedAt,
    routedDomains: domains.filter((d) => connectionForDomain(d, connections)?.id === c.id).map((d) => d.domain),
  }));
}
