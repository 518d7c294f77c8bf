// A person's standing in a team (their membership's status and role), read when their request
// began and held by every write it makes there. A team action checks the role once, at the start,
// then writes; a demotion or deactivation committing in between left the write to go ahead with
// the authority read before it: a deactivated admin's "Generate token" still made a SCIM token
// (with it they reactivated themselves), a demoted owner's bulk change went on granting Owner
// (found by review). The write now reads the membership again, locked (FOR SHARE) until it
// commits: a demotion that committed first is seen and refuses the write; one that comes later
// waits for it, so the write was done by someone who held the role when it happened.
import type { MembershipStatus, Role } from "../db/generated/enums";
import { memberCan } from "../auth/permissions";
import type { Tx } from "../db/types";
import type { Actor } from "./actor";

export class StandingChangedError extends Error {
  constructor(message = "Your role or access in this team changed while this was being done, so nothing was changed. Reload the page.") {
    super(message);
    this.name = "StandingChangedError";
  }
}

/** A download streamed batch by batch stopped: its person no longer holds what it began with (standingHolds). */
export class ExportAccessEndedError extends Error {
  constructor() {
    super("The export stopped: your access to this team changed while it was being downloaded.");
    this.name = "ExportAccessEndedError";
  }
}

/**
 * Holds the team's row against deletion (FOR KEY SHARE) for the rest of `tx`: what every writer of
 * a team takes before any row of its that it locks (a membership, a setup link), in that order.
 */
export async function shareTeamRow(tx: Pick<Tx, "$queryRaw">, teamId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${teamId} FOR KEY SHARE`;
}

const LINK_CLOSED = "This setup link was revoked, expired or lost its maker's authority while this was being done, so nothing was changed.";

// Transactions whose actor's standing is already held: a write that changes the actor's own
// membership (an owner demoting themselves, a transfer of ownership) is checked before it does
// (lockTeam), not again at its audit event, which would read the change itself.
const held = new WeakSet<object>();

/**
 * Whether a write by `actor` must hold a person's standing: such writes take the transaction path
 * (lockTeam), not the one-statement writers (lib/members/*-in-one-statement.ts), whose single
 * statement reads the membership in the snapshot it took before waiting for the team.
 */
export const holdsStanding = (actor: Actor): boolean => actor.type === "user" && actor.standing !== undefined;

/**
 * Whether the actor still holds the standing their request began with, read without a lock: for
 * work that goes on outside any write, a download streamed batch by batch (an export kept reading
 * the team's live directory after its person was deactivated; found by review). True for anyone
 * but a person acting in `teamId`.
 */
export async function standingHolds(db: Pick<Tx, "$queryRaw">, teamId: string, actor: Actor | undefined): Promise<boolean> {
  if (actor?.type !== "user" || actor.standing?.teamId !== teamId) return true;
  const [row] = await db.$queryRaw<{ role: Role; status: string }[]>`
    SELECT role::text AS role, status::text AS status FROM "Membership" WHERE "teamId" = ${teamId} AND "userId" = ${actor.userId}`;
  return !!row && row.status === "ACTIVE" && row.role === actor.standing.role;
}

/**
 * Locks the team's row for the rest of `tx` (FOR UPDATE: one write of the team's settings,
 * connections, domains or invitations at a time) and holds the actor's standing in it; false when
 * there is no such team. The membership writers take the team through lockTeam (lib/members),
 * which also retires SCIM page cursors, and hold the standing there.
 */
export async function lockTeamRow(tx: Pick<Tx, "$queryRaw">, teamId: string, actor: Actor | undefined): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Team" WHERE id = ${teamId} FOR UPDATE`;
  if (rows.length === 0) return false;
  await holdStanding(tx, teamId, actor);
  return true;
}

/**
 * Checks and holds the actor's standing in `teamId` for the rest of `tx`: a person's role there, or
 * a setup link's being open (lib/saml/setup-links.ts); no-op for anyone else.
 */
export async function holdStanding(tx: Pick<Tx, "$queryRaw">, teamId: string, actor: Actor | undefined): Promise<void> {
  if (held.has(tx)) return;
  if (actor?.type === "user" && actor.standing?.teamId === teamId) await holdRole(tx, teamId, actor.userId, actor.standing.role);
  else if (actor?.type === "setup_link") await holdSetupLink(tx, teamId, actor);
  else return;
  held.add(tx);
}

async function holdRole(tx: Pick<Tx, "$queryRaw">, teamId: string, userId: string, role: Role): Promise<void> {
  // The team before the membership, as every writer of the team takes them (a demotion locks the
  // team, then changes the membership; deleting the team locks it, then cascades): taken the other
  // way round, a write whose first touch of the team was its audit row deadlocked with deleting it
  // (found by review).
  await shareTeamRow(tx, teamId);
  const [row] = await tx.$queryRaw<{ role: Role; status: string }[]>`
    SELECT role::text AS role, status::text AS status FROM "Membership" WHERE "teamId" = ${teamId} AND "userId" = ${userId} FOR SHARE`;
  if (!row || row.status !== "ACTIVE" || row.role !== role) throw new StandingChangedError();
}

// A setup link is opened (checked) when its request begins, and the request may then fetch a
// metadata URL for seconds: revoked, expired, or its maker demoted meanwhile, its write still
// landed with the authority read before (a read-write SCIM token outliving the revocation, an IdP
// of the holder's approved for owners; found by review). Held here like a person's role: the link
// row and its maker's membership, shared-locked until the write commits, so a revocation or a
// demotion either came first and refuses it, or waits for it.
async function holdSetupLink(tx: Pick<Tx, "$queryRaw">, teamId: string, actor: Extract<Actor, { type: "setup_link" }>): Promise<void> {
  await shareTeamRow(tx, teamId);
  const [link] = await tx.$queryRaw<{ maker: string | null }[]>`
    SELECT "createdByUserId" AS maker FROM "SsoSetupLink"
     WHERE id = ${actor.linkId} AND "teamId" = ${teamId} AND "revokedAt" IS NULL AND "expiresAt" > (clock_timestamp() AT TIME ZONE 'UTC')
       FOR SHARE`;
  if (!link || (link.maker !== null) !== actor.forOwners) throw new StandingChangedError(LINK_CLOSED);
  if (link.maker === null) return;
  const [maker] = await tx.$queryRaw<{ role: Role; status: MembershipStatus }[]>`
    SELECT role::text AS role, status::text AS status FROM "Membership" WHERE "teamId" = ${teamId} AND "userId" = ${link.maker} FOR SHARE`;
  if (!memberCan(maker, "sso.setup_links.manage")) throw new StandingChangedError(LINK_CLOSED);
}
