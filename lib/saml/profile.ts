// The user profile jackson hands over after it validated an assertion (its userinfo), narrowed to
// what Gatehouse reads. Jackson maps common claim URIs to email/firstName/lastName/roles/groups
// and keeps every attribute in `raw`.
import { z } from "zod";
import { storableText } from "../plain-text";

const text = z.string().trim().max(1024);
const list = z.preprocess((v) => (v == null ? undefined : Array.isArray(v) ? v : [v]), z.array(z.coerce.string()).max(500).optional());

export const samlProfileSchema = z.object({
  id: z.coerce.string().max(1024).optional(),
  email: text.optional().catch(undefined),
  firstName: text.optional().catch(undefined),
  lastName: text.optional().catch(undefined),
  roles: list.catch(undefined),
  groups: list.catch(undefined),
  raw: z.record(z.string(), z.unknown()).optional().catch(undefined),
  requested: z
    .object({
      tenant: z.string().optional(),
      product: z.string().optional(),
      isIdPFlow: z.boolean().optional(),
      idp_hint: z.string().optional(),
    })
    .loose()
    .optional(),
});

export type SamlProfile = z.infer<typeof samlProfileSchema>;

/** `value` with every string in it made storable (storableText), keys included, at any depth. */
function storable(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storable(v)]));
  return value;
}

// Every string of the profile is made storable first: an OIDC provider's JSON can carry a NUL
// (SAML's XML cannot), in a claim its user may edit (a job title), and PostgreSQL refused the
// whole sign-in's writes over it: the person could not sign in at all (found by review).
export function parseSamlProfile(value: unknown): SamlProfile | null {
  const parsed = samlProfileSchema.safeParse(storable(value));
  return parsed.success ? parsed.data : null;
}

/** Values of a raw attribute, whatever shape the IdP sent (one value or many). */
export function rawValues(profile: SamlProfile, ...names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const v = profile.raw?.[name];
    for (const item of Array.isArray(v) ? v : v == null ? [] : [v]) {
      if (typeof item === "string" || typeof item === "number") out.push(String(item).trim());
    }
  }
  return out.filter(Boolean);
}
