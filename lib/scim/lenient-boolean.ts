// Entra ID sends booleans as the strings "True"/"False" (e.g. `active` in PATCH, `primary` on
// roles). Accepted wherever SCIM defines a boolean; anything else stays an error.
import { z } from "zod";

export function parseLenientBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return undefined;
}

export const lenientBoolean = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  const parsed = parseLenientBoolean(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: "custom", message: `Expected a boolean, got "${String(value)}"` });
    return z.NEVER;
  }
  return parsed;
});
