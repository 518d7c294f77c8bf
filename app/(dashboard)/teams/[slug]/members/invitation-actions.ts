"use server";

import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { deliverInvitation, type Delivery } from "@/lib/invitations/deliver-invitation";
import { createInvitation, resendInvitation, revokeInvitation } from "@/lib/invitations/manage-invitations";
import { teamAction } from "../_lib/team-action";
import { failure, success } from "../_lib/action-state";

// Invitations on the Manage Team page: invite by email with a role, resend (a new link), revoke.
// Each answers with the link only when no email went out, so the admin can pass it on by hand; an
// emailed link is the invitee's alone (accepting it proves their address: lib/members/unproven-account.ts).

const slug = z.string().min(1).max(100);
const invitationId = z.uuid({ message: "Unknown invitation." });

// The mail names who invited: their account name and address, so the invitee can tell it is real.
const inviterName = (u: { name: string | null; email: string }) => (u.name ? `${u.name} (${u.email})` : u.email);

export type InvitationDelivery = Delivery & { email: string };

function delivered(email: string, d: Delivery, verb: string) {
  if (d.emailed) return success<InvitationDelivery>(`${verb} ${email} by email.`, { ...d, email });
  const message = d.failed
    ? `${verb} ${email}, but the email could not be sent. Copy the link below and send it to them yourself.`
    : `${verb} ${email}. No email was sent (this server has no SMTP_URL): copy the link below and send it to them yourself.`;
  return success<InvitationDelivery>(message, { ...d, email });
}

export const inviteAction = teamAction(
  {
    schema: z.object({
      slug,
      email: plainText().trim().min(1, "Enter an email address.").max(320).pipe(z.email({ message: "Enter a valid email address." })),
      role: z.enum(["OWNER", "ADMIN", "MEMBER"], { message: "Choose a role." }),
    }),
    permission: "invitations.manage",
  },
  async (ctx, input) => {
    if (input.role === "OWNER" && !ctx.can("members.grant_owner")) return failure("Only owners can invite an owner.", { role: "Only owners can invite an owner." });
    const { invitation, secret } = await createInvitation(ctx.db, { teamId: ctx.team.id, email: input.email, role: input.role }, ctx.actor);
    const d = await deliverInvitation(ctx.db, { invitation, secret, teamName: ctx.team.name, inviter: inviterName(ctx.user) });
    return delivered(invitation.email, d, "Invited");
  },
);

export const resendInvitationAction = teamAction({ schema: z.object({ slug, invitationId }), permission: "invitations.manage" }, async (ctx, input) => {
  const { invitation, secret } = await resendInvitation(ctx.db, { teamId: ctx.team.id, invitationId: input.invitationId }, ctx.actor);
  const d = await deliverInvitation(ctx.db, { invitation, secret, teamName: ctx.team.name, inviter: inviterName(ctx.user) });
  return delivered(invitation.email, d, "Sent a new invitation link to");
});

export const revokeInvitationAction = teamAction({ schema: z.object({ slug, invitationId }), permission: "invitations.manage" }, async (ctx, input) => {
  const invitation = await revokeInvitation(ctx.db, { teamId: ctx.team.id, invitationId: input.invitationId }, ctx.actor);
  return `The invitation for ${invitation.email} was revoked; its link no longer works.`;
});
