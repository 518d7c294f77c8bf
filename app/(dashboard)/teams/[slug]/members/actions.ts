"use server";

import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import type { TeamContext } from "@/lib/auth/team-context";
import { addMember } from "@/lib/members/add-member";
import { getMember } from "@/lib/members/list-members";
import { removeMember } from "@/lib/members/remove-member";
import { changeRole, deactivateMember, reactivateMember } from "@/lib/members/lifecycle";
import { teamAction } from "../_lib/team-action";
import { failure } from "../_lib/action-state";
import { OWNER_ONLY, SELF } from "./_lib/member-controls";
import { roleWithArticle } from "./_lib/role-phrase";

// Manage Team form actions. Each validates, checks permission and calls the same membership domain
// functions SCIM and SAML call; the domain enforces the last-owner and SCIM-managed rules. The
// owner-only rule is the UI's to enforce (SCIM and SAML act for the IdP, not for a person).

const slug = z.string().min(1).max(100);
const membershipId = z.uuid({ message: "Unknown member." });
const role = z.enum(["OWNER", "ADMIN", "MEMBER"], { message: "Choose a role." });

/**
 * Reads the member and refuses what only an owner may do. The version read here is passed on as
 * If-Match, so a member promoted to owner between this check and the write is not changed.
 */
async function loadTarget(ctx: TeamContext, id: string) {
  const member = await getMember(ctx.db, ctx.team.id, id);
  const refusal = !member
    ? "That member no longer exists. Reload the page to see the current list."
    : member.role === "OWNER" && !ctx.can("members.grant_owner")
      ? OWNER_ONLY
      : null;
  if (!member || refusal) return { ok: false as const, refusal: refusal ?? "" };
  return { ok: true as const, member, target: { teamId: ctx.team.id, membershipId: member.id }, ifMatch: { expectedVersion: member.version } };
}

// The team's view of the email (SCIM emails[primary]), as the table shows it.
const label = (m: { email: string }) => m.email;

export const changeRoleAction = teamAction(
  { schema: z.object({ slug, membershipId, role }), permission: "members.change_role" },
  async (ctx, input) => {
    const t = await loadTarget(ctx, input.membershipId);
    if (!t.ok) return failure(t.refusal);
    if (input.role === "OWNER" && !ctx.can("members.grant_owner")) return failure("Only owners can make someone an owner.");
    // Saving the same role would only flip who decided it, which would unlock an IdP-decided role.
    if (input.role === t.member.role) return `${label(t.member)} is already ${roleWithArticle(input.role)}.`;
    await changeRole(ctx.db, t.target, input.role, ctx.actor, t.ifMatch);
    return `${label(t.member)} is now ${roleWithArticle(input.role)}.`;
  },
);

const statusSchema = z.object({ slug, membershipId });

export const deactivateMemberAction = teamAction({ schema: statusSchema, permission: "members.write" }, async (ctx, input) => {
  if (input.membershipId === ctx.membership.id) return failure(SELF);
  const t = await loadTarget(ctx, input.membershipId);
  if (!t.ok) return failure(t.refusal);
  await deactivateMember(ctx.db, t.target, ctx.actor, t.ifMatch);
  return `${label(t.member)} was deactivated and can no longer sign in.`;
});

export const reactivateMemberAction = teamAction({ schema: statusSchema, permission: "members.write" }, async (ctx, input) => {
  const t = await loadTarget(ctx, input.membershipId);
  if (!t.ok) return failure(t.refusal);
  await reactivateMember(ctx.db, t.target, ctx.actor, t.ifMatch);
  return `${label(t.member)} was reactivated.`;
});

export const removeMemberAction = teamAction({ schema: statusSchema, permission: "members.write" }, async (ctx, input) => {
  if (input.membershipId === ctx.membership.id) return failure(SELF);
  const t = await loadTarget(ctx, input.membershipId);
  if (!t.ok) return failure(t.refusal);
  await removeMember(ctx.db, t.target, ctx.actor, t.ifMatch);
  return `${label(t.member)} was removed from the team.`;
});

export const addMemberAction = teamAction(
  {
    schema: z.object({
      slug,
      email: plainText().trim().min(1, "Enter an email address.").max(320).pipe(z.email({ message: "Enter a valid email address." })),
      name: plainText().trim().max(200, "Keep the name to 200 characters or fewer.").optional().transform((v) => v || undefined),
      role,
    }),
    permission: "members.write",
  },
  async (ctx, input) => {
    if (input.role === "OWNER" && !ctx.can("members.grant_owner")) return failure("Only owners can make someone an owner.", { role: "Only owners can add an owner." });
    const member = await addMember(
      ctx.db,
      { teamId: ctx.team.id, email: input.email, displayName: input.name ?? null, role: input.role, source: "MANUAL" },
      ctx.actor,
    );
    return `${member.email} was added as ${roleWithArticle(input.role)}.`;
  },
);
