// A person's standing in a team (their membership's status and role), read when their request
// began and held by every write it makes there. A team action checks the role once, at the start,
// then writes; a demotion or deactivation committing in between left the write to go ahead with
// the authority read before it: a deactivated admin's "Generate token" still made a SCIM token
// (with it they reactivated themselves), a demoted owner's bulk change went on granting Owner
// (found by review). The write now reads the membership again, locked (FOR SHARE) until it
// commits: a demotion that committed first is seen and refuses the write; one that comes later
// waits for it, so the write was done by someone who held the role when it happened.
import type { Role } from "../db/generated/enums";
import type { Tx } from "../db/types";
import type { Actor } from "./actor";

export class StandingChangedError extends Error {
  constructor() {
    super("Your role or access in this team changed while this was being done, so nothing was changed. Reload the page.");
    this.name = "StandingChangedError";
  }
}

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

/** Checks and holds the actor's standing in `teamId` for the rest of `tx`; no-op for anyone but a person acting in that team. */
export async function holdStanding(tx: Pick<Tx, "$queryRaw">, teamId: string, actor: Actor | undefined): Promise<void> {
  if (actor?.type !== "user" || !actor.standing || actor.standing.teamId !== teamId || held.has(tx)) return;
  // The team before the membership, as every writer of the team takes them (a demotion locks the
  // team, then changes the membership; deleting the team locks it, then cascades): taken the other
  // way round, a write whose first touch of the team was its audit row deadlocked with deleting it
  // (found by review).
  await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${teamId} FOR KEY SHARE`;
  const [row] = await tx.$queryRaw<{ role: Role; status: string }[]>`
    SELECT role::text AS role, status::text AS status FROM "Membership" WHERE "teamId" = ${teamId} AND "userId" = ${actor.userId} FOR SHARE`;
  if (!row || row.status !== "ACTIVE" || row.role !== actor.standing.role) throw new StandingChangedError();
  held.add(tx);
}
