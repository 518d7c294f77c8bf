// What the Require SSO switch checks before it turns on (team-settings.ts): each connection, with
// the verified domains routed to it and whether its test sign-in passed.
import "server-only";
import type { Db } from "../members/types";
import { connectionForDomain } from "./connection-routing";
import { listTeamConnections } from "./connections";
import { getJackson } from "./jackson";
import type { GuardConnection } from "./team-settings";

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
