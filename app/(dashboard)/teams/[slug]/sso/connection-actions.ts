"use server";

import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { MAPPING_TARGETS } from "@/lib/saml/attribute-dialects";
import { cleanMapping } from "@/lib/saml/attribute-mapping";
import { saveConnectionMapping } from "@/lib/saml/connection-settings";
import { teamConnection } from "@/lib/saml/team-connection";
import { getJackson } from "@/lib/saml/jackson";
import { failure } from "../_lib/action-state";
import { teamAction } from "../_lib/team-action";

// Per-connection settings of the SSO page (the attribute mapping editor), kept apart from the
// connection itself so that the page can list several connections, each with its own.

const attributeName = plainText().trim().max(1024, "Keep attribute names under 1024 characters.").optional().default("");

export const saveAttributeMappingAction = teamAction(
  {
    schema: z.object({
      slug: z.string().min(1).max(100),
      clientId: plainText().min(1).max(200),
      syncRoleAndGroups: z.literal("on").optional(),
      ...Object.fromEntries(MAPPING_TARGETS.map((t) => [t, attributeName])),
    }),
    permission: "saml.manage",
  },
  async (ctx, input) => {
    // Only a connection of this team: a clientID is not a secret.
    if (!(await teamConnection(await getJackson(), ctx.team.id, input.clientId))) return failure("That connection does not belong to this team.");
    const { changed, ownerApprovalWithdrawn } = await saveConnectionMapping(
      ctx.db,
      { teamId: ctx.team.id, clientId: input.clientId, mapping: cleanMapping(input), syncRoleAndGroups: input.syncRoleAndGroups === "on" },
      ctx.actor,
    );
    if (!changed) return "Nothing changed.";
    const saved = "Attribute mapping saved. The preview shows what the last assertion would set now.";
    return ownerApprovalWithdrawn ? `${saved} The connection no longer signs in owners until an owner saves it.` : saved;
  },
);
