// "Continue with SSO": which team's IdP, and which of its connections, an email belongs to. Only
// verified domains route, so a team cannot pull another organisation's people to its IdP by
// typing their domain; within the team, the domain's own connection (connection-routing.ts).
import { isEmail } from "../members/normalize";
import type { Db } from "../members/types";
import { connectionForDomain } from "./connection-routing";
import { listTeamConnections } from "./connections";
import { emailDomain } from "./domains";
import type { Jackson } from "./open-jackson";
import { findVerifiedDomain } from "./team-domains";

/** `connection`: jackson's clientID of the connection to sign in through (the idp_hint). */
export type SsoRoute = { ok: true; teamId: string; connection: string } | { ok: false; message: string };

export async function findSsoRoute(db: Db, getJackson: () => Promise<Jackson>, email: string): Promise<SsoRoute> {
  const value = email.trim();
  if (!value) return { ok: false, message: "Enter your work email, then choose “Continue with SSO”." };
  const domain = isEmail(value) ? emailDomain(value) : null;
  if (!domain) return { ok: false, message: `"${value}" is not a valid email address.` };
  const claim = await findVerifiedDomain(db, domain);
  const notSetUp = { ok: false as const, message: `Single sign-on isn't set up for ${domain}. Sign in with your password, or ask your administrator.` };
  if (!claim) return notSetUp;
  const connection = connectionForDomain(claim, await listTeamConnections({ jackson: await getJackson(), db }, claim.teamId));
  if (!connection) return notSetUp;
  return { ok: true, teamId: claim.teamId, connection: connection.clientID };
}
