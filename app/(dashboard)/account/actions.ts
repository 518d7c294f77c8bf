"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { changeDisplayName, changePassword, signOutEverywhere } from "@/lib/account/account";
import { removeMember } from "@/lib/members/remove-member";
import { signedInAction } from "../../_lib/signed-in-action";
import { teamAction } from "../teams/[slug]/_lib/team-action";

export const changeNameAction = signedInAction({ schema: z.object({ name: plainText().trim().min(1, "Enter your name.").max(200, "Keep your name to 200 characters or fewer.") }) }, async (ctx, input) => {
  await changeDisplayName(ctx.db, ctx.user.id, input.name, ctx.actor);
  revalidatePath("/account");
  return "Your name was saved.";
});

export const changePasswordAction = signedInAction(
  {
    schema: z
      .object({
        current: z.string().min(1, "Enter your current password.").max(1024),
        next: z.string().min(8, "Choose a new password of at least 8 characters.").max(1024),
        confirm: z.string().max(1024),
      })
      .refine((v) => v.next === v.confirm, { message: "The two new passwords differ.", path: ["confirm"] }),
  },
  async (ctx, input) => {
    await changePassword(ctx.db, ctx.user.id, input.current, input.next, ctx.actor, { keepSessionId: ctx.user.session.id });
    return "Your password was changed.";
  },
);

/** Ends every session of the person, this one too; the page then clears the cookie and goes to sign-in. */
export const signOutEverywhereAction = signedInAction({ schema: z.object({}), teamOnlySessions: true }, async (ctx) => {
  const ended = await signOutEverywhere(ctx.db, ctx.user.id, ctx.actor);
  return `Signed out of ${ended} ${ended === 1 ? "session" : "sessions"}.`;
});

/** Leave a team: the membership domain refuses it for the last active owner. */
export const leaveTeamAction = teamAction({ schema: z.object({ slug: z.string().min(1).max(100) }), permission: "members.read" }, async (ctx) => {
  await removeMember(ctx.db, { teamId: ctx.team.id, membershipId: ctx.membership.id }, ctx.actor);
  redirect("/account?left=" + encodeURIComponent(ctx.team.name));
});
