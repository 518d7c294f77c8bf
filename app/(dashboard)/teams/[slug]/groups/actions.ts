"use server";

import { z } from "zod";
import { getGroup } from "@/lib/groups/list-groups";
import { setGroupRole } from "@/lib/groups/set-group-role";
import { previewGroupRole } from "@/lib/groups/preview-group-role";
import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABELS } from "@/components/badges";
import { teamAction, teamRead } from "../_lib/team-action";
import { failure } from "../_lib/action-state";

const OWNER_MAPPING_ONLY = "Only owners can map a group to the Owner role, or change a group that grants it.";

// Mapping a group to a role makes the IdP's group membership decide its members' roles; a group
// mapped to OWNER hands out ownership, so only owners may set or change that mapping.
export const setGroupRoleAction = teamAction(
  {
    schema: z.object({
      slug: z.string().min(1).max(100),
      groupId: z.uuid({ message: "Unknown group." }),
      role: z.enum(["", "OWNER", "ADMIN", "MEMBER"], { message: "Choose a role." }),
    }),
    permission: "groups.manage",
  },
  async (ctx, input) => {
    const role = input.role || null;
    const group = await getGroup(ctx.db, ctx.team.id, input.groupId);
    if (!group) return failure("That group no longer exists. Reload the page to see the current list.");
    if ((role === "OWNER" || group.mappedRole === "OWNER") && !ctx.can("members.grant_owner")) {
      return failure(OWNER_MAPPING_ONLY);
    }
    await setGroupRole(ctx.db, { teamId: ctx.team.id, groupId: group.id, role }, ctx.actor);
    return role ? `Members of \u201c${group.displayName}\u201d now get the ${ROLE_LABELS[role]} role.` : `\u201c${group.displayName}\u201d no longer sets a role.`;
  },
);

const previewSchema = z.object({ slug: z.string().min(1).max(100), groupId: z.uuid(), role: z.enum(["", "OWNER", "ADMIN", "MEMBER"]) });

const changeList = (changes: { from: Role; to: Role; count: number }[]) => changes.map((c) => `${c.count} ${ROLE_LABELS[c.from]} \u2192 ${ROLE_LABELS[c.to]}`).join(", ");

/**
 * Before a mapping is saved: how many people's roles it would change, as a sentence, or what
 * saving would refuse (the rules setGroupRoleAction and the domain apply). Reads only (no
 * revalidation); the same permission as saving. Null: nothing to say (bad input, no permission,
 * the group deleted meanwhile: saving then says so).
 */
export const previewGroupRoleAction = teamRead({ schema: previewSchema, permission: "groups.manage", fallback: null as string | null }, async (ctx, input) => {
  const role = input.role || null;
  const preview = await previewGroupRole(ctx.db, { teamId: ctx.team.id, groupId: input.groupId, role }, ctx.actor);
  if (preview.unchanged) return null;
  if ((role === "OWNER" || preview.mappedRole === "OWNER") && !ctx.can("members.grant_owner")) return `Saving will be refused: ${OWNER_MAPPING_ONLY}`;
  if (preview.refused.length > 0) {
    return `Saving will be refused: it would change ${changeList(preview.refused)}, and only owners can grant the Owner role or change an owner\u2019s role.`;
  }
  if (preview.total === 0) return "Saving changes nobody\u2019s role.";
  return `Saving changes ${preview.total} ${preview.total === 1 ? "person\u2019s role" : "people\u2019s roles"}: ${changeList(preview.changes)}.`;
});
