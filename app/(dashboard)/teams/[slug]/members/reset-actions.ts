"use server";

import { z } from "zod";
import { createMemberResetLink, deliverMemberResetLink, type AdminResetDelivery } from "@/lib/password-reset/admin-reset";
import { success } from "../_lib/action-state";
import { teamAction } from "../_lib/team-action";

export type ResetLinkResult = AdminResetDelivery;

/**
 * An owner or admin makes a password link for a member: emailed when SMTP is set (and then not
 * shown: the member's alone), shown to copy otherwise.
 */
export const resetLinkAction = teamAction<z.ZodObject<{ slug: z.ZodString; membershipId: z.ZodString }>, ResetLinkResult>(
  { schema: z.object({ slug: z.string().min(1).max(100), membershipId: z.string().uuid("Unknown member.") }), permission: "members.reset_password" },
  async (ctx, input) => {
    const made = await createMemberResetLink(ctx.db, { teamId: ctx.team.id, membershipId: input.membershipId }, ctx.actor);
    const d = await deliverMemberResetLink(ctx.db, made, ctx.user.email);
    const message = d.emailed
      ? `A link was emailed to ${d.email}. It works once, for 24 hours.`
      : d.failed
        ? `The email could not be sent: copy the link below and give it to ${d.email}.`
        : `No email was sent: copy the link below and give it to ${d.email}.`;
    return success(message, d);
  },
);
