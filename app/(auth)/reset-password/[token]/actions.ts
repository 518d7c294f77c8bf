"use server";

import { z } from "zod";
import { resetPassword } from "@/lib/password-reset/reset-password";
import { publicAction } from "../../../_lib/signed-in-action";

export const resetPasswordAction = publicAction(
  {
    schema: z
      .object({
        token: z.string().min(1).max(200),
        password: z.string().min(8, "Choose a password of at least 8 characters.").max(1024, "Keep the password to 1,024 characters or fewer."),
        confirm: z.string().max(1024),
      })
      .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] }),
  },
  async (db, input) => {
    const { email } = await resetPassword(db, input.token, input.password);
    return `Your password is set. Sign in as ${email} with it.`;
  },
);
