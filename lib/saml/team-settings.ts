// The team's SSO switches: Require SSO and just-in-time provisioning. The role JIT gives is the
// team's default role, which only the team settings page writes (lib/teams/update-team.ts).
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { lockTeamRow } from "../audit/standing";
import type { Db } from "../members/types";
import { SsoError } from "./errors";

export type SsoSettings = { ssoRequired: boolean; jitProvisioning: boolean };

/** A connection as the Require SSO guard sees it: the verified domains routed to it, and its test. */
export type GuardConnection = { label: string; testedAt: Date | null; routedDomains: string[] };

export async function updateSsoSettings(
  db: Db,
  teamId: string,
  next: SsoSettings,
  actor: Actor,
  context: { connections: GuardConnection[] },
): Promise<{ changed: string[] }> {
  return db.$transaction(async (tx) => {
    // Locked, as every write of the team's settings is: two saves decide one after the other.
    await lockTeamRow(tx, teamId, actor);
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { ssoRequired: true, jitProvisioning: true } });
    if (next.ssoRequired && !team.ssoRequired) {
      // Requiring SSO with nowhere to send people would lock every user of the domain out.
      if (context.connections.length === 0) throw new SsoError("rejected", "Add an SSO connection before requiring SSO.", 400);
      const verified = await tx.teamDomain.count({ where: { teamId, verifiedAt: { not: null } } });
      if (verified === 0) throw new SsoError("rejected", "Verify at least one email domain before requiring SSO: it applies to those domains.", 400);
      // Only a sign-in that worked proves people of those domains will get in once passwords stop.
      const untested = context.connections.find((c) => c.routedDomains.length > 0 && !c.testedAt);
      if (untested) {
        throw new SsoError(
          "rejected",
          `Run a successful “Test sign-in” through “${untested.label}” first: ${untested.routedDomains.join(", ")} would sign in through it, and it has not been shown to work.`,
          400,
        );
      }
    }
    const changed = (Object.keys(next) as (keyof SsoSettings)[]).filter((k) => next[k] !== team[k]);
    if (changed.length === 0) return { changed };
    await tx.team.update({ where: { id: teamId }, data: { ssoRequired: next.ssoRequired, jitProvisioning: next.jitProvisioning } });
    await recordAudit(tx, {
      teamId,
      actor,
      action: "saml.connection_changed",
      target: { type: "team", id: teamId },
      details: { change: "settings", ...Object.fromEntries(changed.map((k) => [k, { from: team[k], to: next[k] }])) },
    });
    return { changed };
  });
}
