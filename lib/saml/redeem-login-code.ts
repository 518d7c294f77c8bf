// A login's one-time code, redeemed: jackson's tokens for it, and which connection vouched for it
// (code-origin.ts). Every sign-in and test sign-in redeems its code here.
import type { OAuthTokenRes } from "@boxyhq/saml-jackson";
import type { Db } from "../members/types";
import type { CodeOrigin } from "./code-origin";
import { takeCodeOrigin } from "./code-origin-store";
import { exchangeCode } from "./oauth-client";
import type { Jackson } from "./open-jackson";

export async function redeemLoginCode(
  jackson: Jackson,
  db: Db,
  input: Parameters<typeof exchangeCode>[1],
): Promise<{ tokens: OAuthTokenRes; origin: CodeOrigin | null }> {
  // jackson refuses an unknown, used or expired code first; only then is its origin consumed.
  const tokens = await exchangeCode(jackson, input);
  return { tokens, origin: await takeCodeOrigin(db, input.code) };
}
