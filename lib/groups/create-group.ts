import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db/errors";
import { DuplicateGroupError, InvalidMemberInputError } from "../members/errors";
import { lockTeam } from "../members/lock-team";
import { touchMembers } from "../members/touch-members";
import { normalizeGroupName } from "./group-name";
import type { Db } from "../members/types";
import { assertTeamMembers } from "./group-members";
import { recomputeGroupRoles } from "./recompute-roles";
import { groupInclude, type GroupWithMembers } from "./types";

export type CreateGroupInput = { teamId: string; displayName: string; externalId?: string | null; memberIds?: string[] };

/** Creates a group (SCIM POST /Groups, Okta's Push Groups) with its initial members. */
export async function createGroup(db: Db, input: CreateGroupInput, actor: Actor): Promise<GroupWithMembers> {
  const displayName = input.displayName.trim();
  if (!displayName) throw new InvalidMemberInputError("displayName must not be empty");
  try {
    return await db.$transaction(async (tx) => {
      await lockTeam(tx, input.teamId, actor);
      const displayNameNormalized = normalizeGroupName(displayName);
      const taken = await tx.group.findUnique({ where: { teamId_displayNameNormalized: { teamId: input.teamId, displayNameNormalized } } });
      if (taken) throw new DuplicateGroupError(displayName);
      const memberIds = await assertTeamMembers(tx, input.teamId, input.memberIds ?? []);
      const group = await tx.group.create({
        data: {
          teamId: input.teamId,
          displayName,
          displayNameNormalized,
          externalId: input.externalId ?? null,
          members: { create: memberIds.map((membershipId) => ({ membershipId })) },
        },
      });
      await recordAudit(tx, {
        teamId: input.teamId,
        actor,
        action: "group.created",
        target: { type: "group", id: group.id, label: displayName },
        details: { members: memberIds.length },
      });
      await touchMembers(tx, memberIds);
      await recomputeGroupRoles(tx, input.teamId, memberIds, actor);
      return tx.group.findUniqueOrThrow({ where: { id: group.id }, include: groupInclude });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateGroupError(displayName);
    throw e;
  }
}
