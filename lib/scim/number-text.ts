// Text attributes an IdP sends as bare JSON numbers (externalId: 12345): read as the digits sent.
// JSON.parse has already rounded an integer past 2^53 (12345678901234567890123 became
// 1.2345678901234568e+22), so such a number is refused, to be sent as a string, rather than kept
// as digits nobody sent. One reader for POST/PUT bodies (zod) and PATCH values (patch-values.ts).
import { z } from "zod";

export const NUMBER_LOST_DIGITS = "is a number too large to keep its digits: send it as a string";

/** The number as text, or null when JSON.parse may have rounded it. */
export function numberAsText(n: number): string | null {
  return Number.isFinite(n) && (Number.isSafeInteger(n) || !Number.isInteger(n)) ? String(n) : null;
}

/** A SCIM string attribute: a string, or a number read as its digits. */
export const scimText = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === "string") return v;
  const text = numberAsText(v);
  if (text !== null) return text;
  ctx.issues.push({ code: "custom", message: NUMBER_LOST_DIGITS, input: v });
  return z.NEVER;
});
