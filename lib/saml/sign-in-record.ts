// Each connection's sign-in record for its admins: the last successful sign-in (on the
// connection's settings row) and the newest refused ones, with the reason in plain words.
import type { Db } from "../members/types";
import { emailDomain } from "./domains";

/** Refusals kept per connection (and per team for refusals no connection can be named for). */
export const REFUSALS_KEPT = 50;

/** Plain words for the refusals decided after the assertion was verified (jit.ts, sso-login.ts). */
export function loginRefusalMessage(reason: string, email: string | null, detail?: string): string {
  switch (reason) {
    case "no_email":
      return detail ? `No email address in the assertion: ${detail}.` : "No email address in the assertion.";
    case "email_unverified":
      return `The identity provider sent ${email} with email_verified: false.`;
    case "domain_not_verified":
      return `${email} is on ${emailDomain(email ?? "") ?? "a domain"}, which this team has not verified, or which signs in through another of its connections.`;
    case "owner_connection":
      return `${email} is an owner of this team, and an admin set up this connection's IdP: owners sign in through it once an owner saves it.`;
    case "unknown_connection":
      return `The answer for ${email ?? "someone"} did not come through one of this team's connections.`;
    case "deactivated":
      return `${email} is deactivated in this team.`;
    case "not_assigned":
      return `${email} is not a member of this team, and just-in-time provisioning is off.`;
    case "conflict":
      return `${email} is already the user name of another member of this team.`;
    default:
      return detail ?? reason;
  }
}

export async function recordSignInRefusal(
  db: Db,
  input: { teamId: string; clientId: string | null; reason: string; message: string; email?: string | null },
): Promise<void> {
  await db.ssoSignInRefusal.create({
    data: { teamId: input.teamId, clientId: input.clientId, reason: input.reason, message: input.message.slice(0, 1000), email: input.email ?? null },
  });
  // Keep the newest REFUSALS_KEPT: an IdP misconfigured for a whole company refuses thousands.
  const stale = await db.ssoSignInRefusal.findMany({
    where: { teamId: input.teamId, clientId: input.clientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: REFUSALS_KEPT,
    select: { id: true },
  });
  if (stale.length) await db.ssoSignInRefusal.deleteMany({ where: { id: { in: stale.map((r) => r.id) } } });
}

export function listSignInRefusals(db: Db, teamId: string, clientId: string, limit = REFUSALS_KEPT) {
  return db.ssoSignInRefusal.findMany({
    where: { teamId, clientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, reason: true, message: true, email: true, createdAt: true },
  });
}
