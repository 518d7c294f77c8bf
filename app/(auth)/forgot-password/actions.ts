"use server";

import { after } from "next/server";
import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";
import { requestPasswordReset } from "@/lib/password-reset/request-reset";
import { failure } from "../../(dashboard)/teams/[slug]/_lib/action-state";
import { publicAction } from "../../_lib/signed-in-action";

/**
 * One answer for every address, given before the address is even looked up (the lookup, the link
 * and the mail all run after it): neither the words nor the time taken say whether the address has
 * an account. Looking it up first took ten times longer for an address with one (found by review).
 */
export const forgotPasswordAction = publicAction({ schema: z.object({ email: plainText().trim().min(1, "Enter your email address.").max(320) }) }, async (db, input) => {
  if (!mailConfigured()) return failure("This server sends no email. Ask an admin of your team for a password reset link.");
  after(async () => {
    const mail = await requestPasswordReset(db, input.email);
    if (mail) await sendMail(mail);
  });
  return `If ${input.email} has a Gatehouse account, a link to choose a new password is on its way. It works once, for one hour.`;
});
