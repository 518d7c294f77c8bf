"use server";

import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { SsoError } from "@/lib/saml/errors";
import { getJackson } from "@/lib/saml/jackson";
import { findSsoRoute, type SsoRoute } from "@/lib/saml/sso-routing";

/** "Continue with SSO": the team (jackson tenant) whose IdP this email signs in with. */
export async function findSsoAction(email: unknown): Promise<SsoRoute> {
  const parsed = z.string().max(320).safeParse(email);
  if (!parsed.success) return { ok: false, message: "Enter your work email, then choose “Continue with SSO”." };
  try {
    return await findSsoRoute(await getDb(), getJackson, parsed.data);
  } catch (e) {
    if (!(e instanceof SsoError)) console.error("[saml] SSO lookup failed", e);
    return { ok: false, message: "Single sign-on is temporarily unavailable. Try again in a moment." };
  }
}
