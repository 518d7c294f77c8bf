// Text attributes an IdP sends as bare JSON numbers (externalId: 12345): read as the digits sent.
// JSON.parse has already rounded an integer past 2^53 (12345678901234567890123 became
// 1.2345678901234568e+22), so such a number, or a fraction, is refused, to be sent as a string,
// rather than kept as digits nobody sent. One reader for POST/PUT bodies (zod) and PATCH values (patch-values.ts).
import { z } from "zod";

export const NUMBER_LOST_DIGITS = "is a number whose digits may not be kept (past 2^53, or not whole): send it as a string";

/**
 * The number as text, or null when its text may not be what was sent: an integer past 2^53 that
 * JSON.parse rounded, or a fraction (12345.678901234567891 reads back "12345.678901234567", 0.00000012
 * as "1.2e-7"). IdPs send identifiers, which are integers.
 */
export function numberAsText(n: number): string | null {
  return Number.isSafeInteger(n) ? String(n) : null;
}

/** A SCIM string attribute: a string, or a number read as its digits. */
export const scimText = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === "string") return v;
  const text = numberAsText(v);
  if (text !== null) return text;
  ctx.issues.push({ code: "custom", message: NUMBER_LOST_DIGITS, input: v });
  return z.NEVER;
});
