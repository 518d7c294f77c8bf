"use server";

import { z } from "zod";
import { getGroup } from "@/lib/groups/list-groups";
import { setGroupRole } from "@/lib/groups/set-group-role";
import { ROLE_LABELS } from "@/components/badges";
import { teamAction } from "../_lib/team-action";
import { failure } from "../_lib/action-state";

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
      return failure("Only owners can map a group to the Owner role, or change a group that grants it.");
    }
    await setGroupRole(ctx.db, { teamId: ctx.team.id, groupId: group.id, role }, ctx.actor);
    return role ? `Members of \u201c${group.displayName}\u201d now get the ${ROLE_LABELS[role]} role.` : `\u201c${group.displayName}\u201d no longer sets a role.`;
  },
);
