// The team's SSO switches: Require SSO, just-in-time provisioning and the role JIT gives.
import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../members/types";
import { SsoError } from "./errors";

export type SsoSettings = { ssoRequired: boolean; jitProvisioning: boolean; defaultRole: Role };

/** A connection as the Require SSO guard sees it: the verified domains routed to it, and its test. */
export type GuardConnection = { label: string; testedAt: Date | null; routedDomains: string[] };

/** Roles an admin may pick as the JIT default: new people never start as owners. */
export const DEFAULT_ROLE_CHOICES = ["MEMBER", "ADMIN"] as const satisfies readonly Role[];

export async function updateSsoSettings(
  db: Db,
  teamId: string,
  next: SsoSettings,
  actor: Actor,
  context: { connections: GuardConnection[] },
): Promise<{ changed: string[] }> {
  if (!(DEFAULT_ROLE_CHOICES as readonly Role[]).includes(next.defaultRole)) {
    throw new SsoError("rejected", "The default role must be Member or Admin.", 400);
  }
  return db.$transaction(async (tx) => {
    const team = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { ssoRequired: true, jitProvisioning: true, defaultRole: true } });
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
    await tx.team.update({ where: { id: teamId }, data: next });
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
