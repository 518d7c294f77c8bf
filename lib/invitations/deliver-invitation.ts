import { appUrl } from "../env";
import { sendMail } from "../mail/send-mail";
import { invitationMail } from "../mail/templates";
import type { Db } from "../members/types";
import { hashLinkToken } from "./link-token";

/**
 * How an invitation's link went out. Emailed: to the invitee only; the link is not handed back, so
 * accepting it proves the mailbox. Not emailed (no SMTP_URL, or the mail server refused): the link,
 * for the inviter to pass on, which proves nothing about the address.
 */
export type Delivery = { emailed: true } | { emailed: false; failed: boolean; link: string };

/** The accept link for a secret. */
export const invitationLink = (secret: string) => `${appUrl()}/invite/${secret}`;

/**
 * Emails the invitation when SMTP is configured and then marks its current link as having gone by
 * mail only (the row's tokenHash must still be this link's: a resend meanwhile replaced it);
 * otherwise returns the link for the inviter to copy.
 */
export async function deliverInvitation(
  db: Db,
  input: { invitation: { id: string; email: string; role: string; expiresAt: Date }; secret: string; teamName: string; inviter: string },
): Promise<Delivery> {
  const { invitation, secret } = input;
  const link = invitationLink(secret);
  const result = await sendMail(invitationMail({ to: invitation.email, teamName: input.teamName, inviter: input.inviter, role: invitation.role, link, expiresAt: invitation.expiresAt }));
  if (!result.sent) return { emailed: false, failed: result.reason === "failed", link };
  await db.invitation.updateMany({ where: { id: invitation.id, tokenHash: hashLinkToken(secret) }, data: { mailOnly: true } });
  return { emailed: true };
}
