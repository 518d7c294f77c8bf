"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { clientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { success } from "../../../(dashboard)/teams/[slug]/_lib/action-state";
import { publicAction, signedInAction } from "../../../_lib/signed-in-action";

export type Accepted = { slug: string; email: string };

const token = z.string().min(1).max(200);

/** Someone new to Gatehouse: their name and a password; the page then signs them in. */
export const acceptAsNewPersonAction = publicAction(
  {
    schema: z.object({
      token,
      name: plainText().trim().min(1, "Enter your name.").max(200, "Keep your name to 200 characters or fewer."),
      password: z.string().min(8, "Choose a password of at least 8 characters.").max(1024),
    }),
  },
  async (db, input) => {
    const result = await acceptInvitation(db, input.token, { newAccount: { name: input.name, password: input.password } });
    return success<Accepted>("Welcome! Signing you in…", { slug: result.teamSlug, email: result.email });
  },
);

/**
 * Signed out, the address's existing account: its password proves it, then the page signs them in
 * (sign-in alone refuses someone in no team, e.g. deactivated everywhere, coming back).
 */
export const acceptWithPasswordAction = publicAction(
  { schema: z.object({ token, password: z.string().min(1, "Enter your password.").max(1024) }) },
  async (db, input) => {
    // Counted in the sign-in throttle as a sign-in is: per account, and per address (a form anyone
    // can post, so guesses across many accounts from one address are bounded too).
    const address = clientAddress(await headers(), env().TRUSTED_PROXY_HOPS);
    const result = await acceptInvitation(db, input.token, { accountPassword: input.password, address });
    return success<Accepted>("Welcome back! Signing you in…", { slug: result.teamSlug, email: result.email });
  },
);

/** Signed in as the invited address: one click. */
export const acceptSignedInAction = signedInAction({ schema: z.object({ token }) }, async (ctx, input) => {
  const result = await acceptInvitation(ctx.db, input.token, { userId: ctx.user.id, viaPassword: ctx.user.session.method === "password" });
  redirect(`/teams/${result.teamSlug}/members`);
});

/** The team signs this address in through its IdP: join, then sign in with SSO. */
export const acceptWithSsoAction = publicAction({ schema: z.object({ token }) }, async (db, input) => {
  const result = await acceptInvitation(db, input.token, { sso: true });
  return success<Accepted>("You joined the team. Sign in with single sign-on (“Continue with SSO”) to open it.", { slug: result.teamSlug, email: result.email });
});
