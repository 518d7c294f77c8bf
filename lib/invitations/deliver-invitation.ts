import { appUrl } from "../env";
import { sendMail } from "../mail/send-mail";
import { invitationMail } from "../mail/templates";

export type Delivery = { link: string; emailed: boolean; failed: boolean };

/** The accept link for a secret. */
export const invitationLink = (secret: string) => `${appUrl()}/invite/${secret}`;

/**
 * Emails the invitation when SMTP is configured; either way returns the link, so the admin can
 * copy it when no email went out (not configured, or the mail server refused).
 */
export async function deliverInvitation(input: { email: string; role: string; expiresAt: Date; secret: string; teamName: string; inviter: string }): Promise<Delivery> {
  const link = invitationLink(input.secret);
  const result = await sendMail(invitationMail({ to: input.email, teamName: input.teamName, inviter: input.inviter, role: input.role, link, expiresAt: input.expiresAt }));
  return { link, emailed: result.sent, failed: !result.sent && result.reason === "failed" };
}
