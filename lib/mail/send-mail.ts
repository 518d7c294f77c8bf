import nodemailer from "nodemailer";
import { env } from "../env";

export type Mail = { to: string; subject: string; text: string; html: string };
export type MailResult = { sent: true } | { sent: false; reason: "not_configured" | "failed" };

/** Whether this server sends email (SMTP_URL). Without it the UI shows each link to copy. */
export const mailConfigured = (): boolean => !!env().SMTP_URL;

let transport: nodemailer.Transporter | undefined;

/**
 * Sends one message through SMTP_URL. Never throws: a mail server that is down must not undo the
 * invitation or reset that was just made; the caller shows the link to copy instead.
 */
export async function sendMail(mail: Mail): Promise<MailResult> {
  const url = env().SMTP_URL;
  if (!url) return { sent: false, reason: "not_configured" };
  transport ??= nodemailer.createTransport(url);
  try {
    await transport.sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    return { sent: true };
  } catch (e) {
    console.error(`[mail] could not send "${mail.subject}" to ${mail.to}: ${e instanceof Error ? e.message : String(e)}`);
    return { sent: false, reason: "failed" };
  }
}
