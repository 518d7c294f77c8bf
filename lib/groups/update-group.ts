import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db/errors";
import { DuplicateGroupError, InvalidMemberInputError, MemberNotFoundError, OwnerAuthorityError, VersionMismatchError } from "../members/errors";
import { mayManageOwners } from "../members/owner-authority";
import { lockTeam } from "../members/lock-team";
import { touchMembers } from "../members/touch-members";
import type { Db } from "../members/types";
import { assertTeamMembers } from "./group-members";
import { recomputeGroupRoles } from "./recompute-roles";
import { groupInclude, type GroupWithMemberIds, type GroupWithMembers } from "./types";
import { normalizeGroupName } from "./group-name";

/**
 * What to change, worked out from the group as it is once the team lock is held: a SCIM PATCH
 * applies its operations to that state, so Entra's parallel one-member PATCHes all land.
 */
export type GroupChangesFrom = (current: GroupWithMemberIds) => GroupChanges;

export type GroupChanges = {
  displayName?: string;
  externalId?: string | null;
  /** The complete new member list (SCIM PUT, or a PATCH already applied to the resource). */
  memberIds?: string[];
};

/**
 * Renames a group and/or sets its members, atomically. Members who join or leave get their
 * role re-derived when the group maps a role. Version and audit move only on a real change.
 */
export async function updateGroup(
  db: Db,
  target: { teamId: string; groupId: string },
  changesOrFrom: GroupChanges | GroupChangesFrom,
  actor: Actor,
  options: { expectedVersion?: number } = {},
): Promise<{ group: GroupWithMembers; changed: boolean }> {
  let changes: GroupChanges = typeof changesOrFrom === "function" ? {} : changesOrFrom;
  try {
    return await db.$transaction(async (tx) => {
      await lockTeam(tx, target.teamId, actor);
      // Member ids only: a PATCH's operations address members by id, and a burst of one-member
      // PATCHes to a big group must not load every member's profile each time.
      const current = await tx.group.findFirst({
        where: { id: target.groupId, teamId: target.teamId },
        include: { members: { select: { membershipId: true }, orderBy: { createdAt: "asc" } } },
      });
      if (!current) throw new MemberNotFoundError("Group");
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) throw new VersionMismatchError();
      if (typeof changesOrFrom === "function") changes = changesOrFrom(current);

      const data: { displayName?: string; displayNameNormalized?: string; externalId?: string | null } = {};
      if (changes.displayName !== undefined && changes.displayName.trim() !== current.displayName) {
        const displayName = changes.displayName.trim();
        if (!displayName) throw new InvalidMemberInputError("displayName must not be empty");
        const normalized = normalizeGroupName(displayName);
        if (normalized !== current.displayNameNormalized) {
          const taken = await tx.group.findUnique({ where: { teamId_displayNameNormalized: { teamId: target.teamId, displayNameNormalized: normalized } } });
          if (taken) throw new DuplicateGroupError(displayName);
        }
        Object.assign(data, { displayName, displayNameNormalized: normalized });
      }
      if (changes.externalId !== undefined && changes.externalId !== current.externalId) data.externalId = changes.externalId;

      let added: string[] = [];
      let removed: string[] = [];
      if (changes.memberIds !== undefined) {
        const next = [...new Set(changes.memberIds)];
        const before = new Set(current.members.map((m) => m.membershipId));
        const after = new Set(next);
        added = await assertTeamMembers(tx, target.teamId, next.filter((id) => !before.has(id)));
        removed = [...before].filter((id) => !after.has(id));
        // Whoever joins a group mapped to Owner is an owner in waiting: a member whose role the IdP
        // set keeps it, and the day it is released (Entra removing an app role) the group makes
        // them an owner. Only an owner's authority adds anyone to it (found by review: an admin's
        // token planted a member there that an owner's later "remove role" promoted).
        if (added.length > 0 && current.mappedRole === "OWNER" && !mayManageOwners(actor)) throw new OwnerAuthorityError(actor.type === "scim");
      }

      const changed = Object.keys(data).length > 0 || added.length > 0 || removed.length > 0;
      if (changed) {
        if (removed.length) await tx.groupMember.deleteMany({ where: { groupId: current.id, membershipId: { in: removed } } });
        if (added.length) await tx.groupMember.createMany({ data: added.map((membershipId) => ({ groupId: current.id, membershipId })) });
        await tx.group.update({ where: { id: current.id }, data: { ...data, version: { increment: 1 } } });
        // Members whose `groups` attribute reads differently now: all of them on a rename.
        await touchMembers(tx, data.displayName ? [...current.members.map((m) => m.membershipId), ...added] : [...added, ...removed]);
        const label = data.displayName ?? current.displayName;
        if (Object.keys(data).length > 0) {
          await recordAudit(tx, { teamId: target.teamId, actor, action: "group.updated", target: { type: "group", id: current.id, label }, details: { fields: Object.keys(data).filter((k) => k !== "displayNameNormalized") } });
        }
        if (added.length || removed.length) {
          await recordAudit(tx, { teamId: target.teamId, actor, action: "group.members_changed", target: { type: "group", id: current.id, label }, details: { added: added.length, removed: removed.length } });
          if (current.mappedRole) await recomputeGroupRoles(tx, target.teamId, [...added, ...removed], actor);
        }
      }
      const group = await tx.group.findUniqueOrThrow({ where: { id: current.id }, include: groupInclude });
      return { group, changed };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateGroupError(changes.displayName ?? "");
    throw e;
  }
}
