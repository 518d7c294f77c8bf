// Which of a team's SSO connections an email domain signs in through, and which domains each
// connection's IdP is trusted for. Pure; unit-tested in connection-routing.test.ts.
//
// A domain routes to the connection it names. A domain that names none routes to the team's
// default connection, its oldest: that is how every domain routed when a team had one connection,
// so data from before several connections keeps working unchanged.

export type RoutableConnection = { id: string; createdAt: Date };
export type RoutableDomain = { domain: string; verified: boolean; connectionId: string | null };

export function defaultConnection<C extends RoutableConnection>(connections: readonly C[]): C | null {
  let best: C | null = null;
  for (const c of connections) {
    if (!best || c.createdAt < best.createdAt || (c.createdAt.getTime() === best.createdAt.getTime() && c.id < best.id)) best = c;
  }
  return best;
}

/** The connection a domain's people sign in through; null when the team has none. */
export function connectionForDomain<C extends RoutableConnection>(domain: Pick<RoutableDomain, "connectionId">, connections: readonly C[]): C | null {
  const named = domain.connectionId ? connections.find((c) => c.id === domain.connectionId) : undefined;
  return named ?? defaultConnection(connections);
}

/**
 * The verified domains a connection's IdP may vouch for: those routed to it. One subsidiary's IdP
 * must not sign in people of the other subsidiary's domain, even within one team.
 */
export function domainsTrustedBy(connectionId: string, domains: readonly RoutableDomain[], connections: readonly RoutableConnection[]): string[] {
  return domains.filter((d) => d.verified && connectionForDomain(d, connections)?.id === connectionId).map((d) => d.domain);
}
