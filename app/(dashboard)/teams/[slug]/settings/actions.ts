"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { transferOwnershipToEmail } from "@/lib/members/transfer-ownership";
import { deleteTeam } from "@/lib/teams/delete-team";
import { removeTeamSsoConnections } from "@/lib/teams/team-sso-cleanup";
import { changeTeamSlug, DEFAULT_ROLE_CHOICES, renameTeam, setDefaultRole, setWelcomeEmails } from "@/lib/teams/update-team";
import { teamAction } from "../_lib/team-action";

const slug = z.string().min(1).max(100);

export const renameTeamAction = teamAction(
  { schema: z.object({ slug, name: plainText().trim().min(1, "Enter a team name.").max(100, "Keep the team name to 100 characters or fewer.") }), permission: "team.settings" },
  async (ctx, input) => {
    const { changed } = await renameTeam(ctx.db, ctx.team.id, input.name, ctx.actor);
    return changed ? `The team is now called ${input.name}.` : "The name is unchanged.";
  },
);

export const changeSlugAction = teamAction(
  { schema: z.object({ slug, newSlug: plainText().trim().min(1, "Enter a URL name.").max(100) }), permission: "team.settings" },
  async (ctx, input) => {
    const result = await changeTeamSlug(ctx.db, ctx.team.id, input.newSlug, ctx.actor);
    if (!result.changed) return "The URL name is unchanged.";
    redirect(`/teams/${result.slug}/settings?moved=${encodeURIComponent(ctx.team.slug)}`);
  },
);

export const defaultRoleAction = teamAction(
  { schema: z.object({ slug, defaultRole: z.enum(DEFAULT_ROLE_CHOICES, { message: "Choose Member or Admin." }) }), permission: "team.settings" },
  async (ctx, input) => {
    const { changed } = await setDefaultRole(ctx.db, ctx.team.id, input.defaultRole, ctx.actor);
    return changed ? "Default role saved." : "The default role is unchanged.";
  },
);

export const welcomeEmailsAction = teamAction(
  { schema: z.object({ slug, welcomeEmails: z.literal("on").optional() }), permission: "team.settings" },
  async (ctx, input) => {
    const on = input.welcomeEmails === "on";
    const { changed } = await setWelcomeEmails(ctx.db, ctx.team.id, on, ctx.actor);
    if (!changed) return "Welcome emails are unchanged.";
    return on ? "Welcome emails are on." : "Welcome emails are off.";
  },
);

export const transferOwnershipAction = teamAction(
  { schema: z.object({ slug, email: plainText().trim().min(1, "Enter the new owner's email address.").max(320) }), permission: "team.transfer_ownership" },
  async (ctx, input) => {
    const { email } = await transferOwnershipToEmail(ctx.db, { teamId: ctx.team.id, fromMembershipId: ctx.membership.id, toEmail: input.email }, ctx.actor);
    // A fresh page: it is now rendered for an admin (no transfer or delete sections).
    redirect(`/teams/${ctx.team.slug}/settings?transferred=${encodeURIComponent(email)}`);
  },
);

export const deleteTeamAction = teamAction(
  { schema: z.object({ slug, confirm: plainText().max(100) }), permission: "team.delete" },
  async (ctx, input) => {
    await deleteTeam({ db: ctx.db, removeSsoConnections: removeTeamSsoConnections }, { teamId: ctx.team.id, confirmSlug: input.confirm }, ctx.actor);
    redirect("/");
  },
);
