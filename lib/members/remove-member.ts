import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { endTeamSessions } from "../sessions/end-team-sessions";
import { LastOwnerError, MemberNotFoundError, VersionMismatchError } from "./errors";
import { revokeOpenInvitationsFor } from "./consume-invitation";
import { countActiveOwners, lockTeam } from "./lock-team";
import { breaksLastOwnerRule } from "./owner-rule";
import { assertOwnerAuthority } from "./owner-authority";
import { touchGroupsOf } from "./touch-members";
import type { Db } from "./types";

/** Removes a membership (SCIM DELETE, "Remove" in the UI). The person's account stays. */
export async function removeMember(
  db: Db,
  { teamId, membershipId }: { teamId: string; membershipId: string },
  actor: Actor,
  options: { expectedVersion?: number } = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockTeam(tx, teamId, actor);
    const current = await tx.membership.findFirst({ where: { id: membershipId, teamId }, include: { user: true } });
    if (!current) throw new MemberNotFoundError();
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new VersionMismatchError();
    }
    assertOwnerAuthority(actor, current, null);
    const others = await countActiveOwners(tx, teamId, current.id);
    if (breaksLastOwnerRule(current, null, others)) throw new LastOwnerError();
    await touchGroupsOf(tx, teamId, current.id);
    await tx.membership.delete({ where: { id: current.id } });
    await endTeamSessions(tx, { teamId, userId: current.userId });
    await revokeOpenInvitationsFor(tx, teamId, [current.email, current.user.email], actor);
    await recordAudit(tx, {
      teamId,
      actor,
      action: "member.removed",
      target: { type: "member", id: current.id, label: current.email },
      details: { role: current.role, userName: current.userName },
    });
  });
}
