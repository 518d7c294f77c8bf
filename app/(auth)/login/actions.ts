"use server";

import { SsoError } from "@/lib/saml/errors";
import { getJackson } from "@/lib/saml/jackson";
import { findSsoRoute, type SsoRoute } from "@/lib/saml/sso-routing";
import { plainText } from "@/lib/plain-text";
import { publicRead } from "../../_lib/signed-in-action";

const ENTER_EMAIL: SsoRoute = { ok: false, message: "Enter your work email, then choose “Continue with SSO”." };
const UNAVAILABLE: SsoRoute = { ok: false, message: "Single sign-on is temporarily unavailable. Try again in a moment." };

/** "Continue with SSO": the team (jackson tenant) whose IdP this email signs in with. */
export const findSsoAction = publicRead({ schema: plainText().max(320), invalid: ENTER_EMAIL, failed: UNAVAILABLE, label: "saml" }, async (db, email) => {
  try {
    return await findSsoRoute(db, getJackson, email);
  } catch (e) {
    // jackson's own refusals are expected (no connection answered): no log line for those.
    if (e instanceof SsoError) return UNAVAILABLE;
    throw e;
  }
});
