import type { Mail } from "./send-mail";

// The messages Gatehouse sends, as plain text and simple HTML: no images, no tracking pixels, no
// rewritten links. Pure, so they are unit-tested alone.
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function html(paragraphs: string[], link: { href: string; label: string }, footer: string): string {
  return [
    "<!doctype html><html><body style=\"font-family: system-ui, sans-serif; color: #0f172a; line-height: 1.5\">",
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`,
    `<p style="color: #475569; font-size: 13px">${escapeHtml(footer)}</p>`,
    "</body></html>",
  ].join("\n");
}

const ROLE_WORDS: Record<string, string> = { OWNER: "an owner", ADMIN: "an admin", MEMBER: "a member" };

export function invitationMail(input: { to: string; teamName: string; inviter: string; role: string; link: string; expiresAt: Date }): Mail {
  const role = ROLE_WORDS[input.role] ?? "a member";
  const intro = `${input.inviter} invited you to join the team “${input.teamName}” on Gatehouse as ${role}.`;
  const expiry = `The link works once and expires on ${input.expiresAt.toUTCString()}.`;
  const footer = "If you did not expect this invitation, you can ignore this email.";
  return {
    to: input.to,
    subject: `${input.inviter} invited you to ${input.teamName} on Gatehouse`,
    text: `${intro}\n\nAccept the invitation:\n${input.link}\n\n${expiry}\n\n${footer}\n`,
    html: html([intro, expiry], { href: input.link, label: `Join ${input.teamName}` }, footer),
  };
}

export function passwordResetMail(input: { to: string; link: string; expiresAt: Date; requestedBy?: string }): Mail {
  const intro = input.requestedBy
    ? `${input.requestedBy} created a link for you to set a new Gatehouse password.`
    : "Someone (hopefully you) asked to reset the password of your Gatehouse account.";
  const expiry = `The link works once and expires on ${input.expiresAt.toUTCString()}.`;
  const footer = "If you did not ask for this, ignore this email: your password stays as it is.";
  return {
    to: input.to,
    subject: "Set a new Gatehouse password",
    text: `${intro}\n\nChoose a new password:\n${input.link}\n\n${expiry}\n\n${footer}\n`,
    html: html([intro, expiry], { href: input.link, label: "Choose a new password" }, footer),
  };
}

/**
 * To someone the team's identity provider just added (SCIM): they have no password and may not know
 * the app exists. No secret link, only the sign-in page with their address filled in: through SSO
 * when their domain is one the team verified, else by choosing a password ("Forgot password?",
 * mailed to them, which proves the address).
 */
export function welcomeMail(input: { to: string; teamName: string; link: string }): Mail {
  const intro = `Your organization's identity provider added you to the team “${input.teamName}” on Gatehouse.`;
  const how = `Sign in with this address (${input.to}) and choose “Continue with SSO”: your organization's sign-in page takes it from there.`;
  const footer = "If you did not expect this email, ask your organization's IT team.";
  return {
    to: input.to,
    subject: `Welcome to ${input.teamName} on Gatehouse`,
    text: `${intro}\n\n${how}\n\nSign in:\n${input.link}\n\n${footer}\n`,
    html: html([intro, how], { href: input.link, label: `Sign in to ${input.teamName}` }, footer),
  };
}
