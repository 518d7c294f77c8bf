"use server";

import { z } from "zod";
import { sendMail } from "@/lib/mail/send-mail";
import { passwordResetMail } from "@/lib/mail/templates";
import { createMemberResetLink } from "@/lib/password-reset/admin-reset";
import { success } from "../_lib/action-state";
import { teamAction } from "../_lib/team-action";

export type ResetLinkResult = { link: string; email: string; emailed: boolean };

/** An owner or admin makes a password link for a member: shown to copy, and emailed when SMTP is set. */
export const resetLinkAction = teamAction<z.ZodObject<{ slug: z.ZodString; membershipId: z.ZodString }>, ResetLinkResult>(
  { schema: z.object({ slug: z.string().min(1).max(100), membershipId: z.string().uuid("Unknown member.") }), permission: "members.reset_password" },
  async (ctx, input) => {
    const made = await createMemberResetLink(ctx.db, { teamId: ctx.team.id, membershipId: input.membershipId }, ctx.actor);
    const mail = await sendMail(passwordResetMail({ to: made.email, link: made.link, expiresAt: made.expiresAt, requestedBy: ctx.user.email }));
    const message = mail.sent ? `A link was emailed to ${made.email}. You can also copy it below.` : `No email was sent: copy the link below and give it to ${made.email}.`;
    return success(message, { link: made.link, email: made.email, emailed: mail.sent });
  },
);
