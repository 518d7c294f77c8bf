"use server";

import { z } from "zod";
import { getGroup } from "@/lib/groups/list-groups";
import { setGroupRole } from "@/lib/groups/set-group-role";
import { previewGroupRole } from "@/lib/groups/preview-group-role";
import { getTeamContext } from "@/lib/auth/team-context";
import { DomainError } from "@/lib/members/errors";
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

const previewSchema = z.object({ slug: z.string().min(1).max(100), groupId: z.uuid(), role: z.enum(["", "OWNER", "ADMIN", "MEMBER"]) });

/**
 * Before a mapping is saved: how many people's roles it would change, as a sentence. Reads only
 * (no revalidation); the same permission as saving.
 */
export async function previewGroupRoleAction(input: { slug: string; groupId: string; role: string }): Promise<string | null> {
  const parsed = previewSchema.safeParse(input);
  if (!parsed.success) return null;
  const ctx = await getTeamContext(parsed.data.slug);
  if (!ctx.can("groups.manage")) return null;
  try {
    const preview = await previewGroupRole(ctx.db, { teamId: ctx.team.id, groupId: parsed.data.groupId, role: parsed.data.role || null });
    if (preview.unchanged) return null;
    if (preview.total === 0) return "Saving changes nobody\u2019s role.";
    const parts = preview.changes.map((c) => `${c.count} ${ROLE_LABELS[c.from]} \u2192 ${ROLE_LABELS[c.to]}`);
    return `Saving changes ${preview.total} ${preview.total === 1 ? "person\u2019s role" : "people\u2019s roles"}: ${parts.join(", ")}.`;
  } catch (e) {
    // The group was deleted meanwhile: no preview; saving then says so.
    if (e instanceof DomainError) return null;
    throw e;
  }
}
