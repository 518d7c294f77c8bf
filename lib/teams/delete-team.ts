import type { Actor } from "../audit/actor";
import { lockTeamRow } from "../audit/standing";
import { endTeamConnectionsSessions } from "../sessions/end-session";
import { OwnerAuthorityError } from "../members/errors";
import { mayManageOwners } from "../members/owner-authority";
import type { Db } from "../members/types";
import { TeamInputError } from "./errors";
import { recordInstanceAudit } from "./instance-audit";

export type DeleteTeamDeps = {
  db: Db;
  /** Removes the team's SAML connections from jackson's store, which lives outside this database. */
  removeSsoConnections: (teamId: string) => Promise<void>;
};

/**
 * Deletes a team for good, by one of its owners who typed its slug to confirm. Everything the team
 * holds goes in one transaction: memberships (and their group memberships), groups, SCIM tokens,
 * request logs and page cursors, domains, invitations, access revocations, old slugs, its audit
 * log and the sessions' records of entering it. People's accounts stay (they may belong to other
 * teams). The deletion is recorded in the instance-level trail, which outlives the team. Jackson's
 * connection (if the team ever had one) is removed after the commit: its store is not this database, and a failure there
 * leaves only an unreachable connection (no team routes to it), which is logged.
 */
export async function deleteTeam(deps: DeleteTeamDeps, input: { teamId: string; confirmSlug: string }, actor: Actor): Promise<void> {
  if (!mayManageOwners(actor)) throw new OwnerAuthorityError(false);
  const deleted = await deps.db.$transaction(async (tx) => {
    // Still an owner now (its audit is the instance's, which does not hold it): lib/audit/standing.ts.
    await lockTeamRow(tx, input.teamId, actor);
    const team = await tx.team.findUniqueOrThrow({ where: { id: input.teamId }, include: { _count: { select: { memberships: true } } } });
    if (input.confirmSlug.trim().toLowerCase() !== team.slug) throw new TeamInputError(`Type the team's URL name, ${team.slug}, to confirm.`);
    // Every SSO connection is saved through lib/saml/connections.ts, which gives it a row and audits
    // it: a team with neither has none, and jackson (slow to start, ~100 MB) is not woken.
    const hadSaml =
      (await tx.ssoConnection.count({ where: { teamId: team.id } })) > 0 ||
      (await tx.auditEvent.count({ where: { teamId: team.id, action: "saml.connection_changed" } })) > 0;
    // Rows that name the team without a foreign key (kept lean on purpose: hot paths) go first;
    // everything else follows the team through ON DELETE CASCADE.
    await tx.scimPageCursor.deleteMany({ where: { teamId: team.id } });
    await tx.sessionTeamEntry.deleteMany({ where: { teamId: team.id } });
    // Sessions its connections' IdPs opened may reach the person's other teams: they end with them.
    await endTeamConnectionsSessions(tx, team.id);
    await tx.team.delete({ where: { id: team.id } });
    await recordInstanceAudit(tx, { actor, action: "team.deleted", team, details: { name: team.name, members: team._count.memberships } });
    return { ...team, hadSaml };
  });
  if (!deleted.hadSaml) return;
  try {
    await deps.removeSsoConnections(deleted.id);
  } catch (e) {
    console.error(`[teams] team ${deleted.slug} was deleted but its SAML connection could not be removed from jackson: ${e instanceof Error ? e.message : String(e)}`);
  }
}
