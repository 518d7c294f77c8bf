// Which connection vouched for a login. Pure; unit-tested in code-origin.test.ts.
//
// jackson's profile names the connection a login *asked for* (idp_hint). For a SAML response it
// validates with whichever of the team's connections has the response's Issuer, so another of
// the team's IdPs could answer a login started for the first and be trusted for its domains; and
// an IdP-initiated response asks for nothing. So the ACS records whose certificate verified the
// response against the one-time code jackson issues for it (code-origin-store.ts), and the
// code's redemption reads it back. jackson exchanges an OpenID login's code with the connection
// the login asked for, so such a code records only that it came through the OpenID callback.

/**
 * saml: the connections whose certificate verified the response, with their teams (one IdP may
 * serve several teams, one connection in each; within a team an IdP is connected once).
 */
/** issuedAt: when the code was issued, by the database's clock (known once it is taken). */
export type CodeOrigin = ({ kind: "saml"; verifiedBy: { teamId: string; clientId: string }[] } | { kind: "oidc" }) & { issuedAt?: Date };

/**
 * sharedWithOtherTeams: another team's connection verified the response too (several teams may
 * name one entity ID, with one certificate): the person may be that team's (sso-login.ts).
 */
export type VouchingConnection = { kind: "saml" | "oidc"; clientId: string; sharedWithOtherTeams?: boolean; issuedAt?: Date };

/**
 * The connection of `teamId` (the team the login is for) that vouches for it. null: none of the
 * team's did, or there is no record of how the code was issued.
 */
const issued = (origin: CodeOrigin) => (origin.issuedAt ? { issuedAt: origin.issuedAt } : {});

export function vouchingConnection(origin: CodeOrigin | null, teamId: string, askedFor: string | null | undefined): VouchingConnection | null {
  if (!origin) return null;
  if (origin.kind === "saml") {
    const own = origin.verifiedBy.find((c) => c.teamId === teamId);
    return own ? { kind: "saml", clientId: own.clientId, sharedWithOtherTeams: origin.verifiedBy.some((c) => c.teamId !== teamId), ...issued(origin) } : null;
  }
  return askedFor ? { kind: "oidc", clientId: askedFor, ...issued(origin) } : null;
}

/** The one-time code in jackson's redirect to the login's callback: exactly one, or none. */
export function issuedCode(redirectUrl: string): string | null {
  try {
    const codes = new URL(redirectUrl).searchParams.getAll("code");
    return codes.length === 1 && codes[0] ? codes[0] : null;
  } catch {
    return null;
  }
}
