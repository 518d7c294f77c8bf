// From what an assertion said to what Gatehouse sets: the sign-in email, the team's profile
// fields, the role attribute and the groups. An admin's per-connection mapping names the
// attribute for a target; otherwise the dialect table (attribute-dialects.ts) is tried in order.
// Pure: the login (sso-login.ts) and the mapping editor's preview run the same code, so the
// preview shows exactly what the next login would do. Tested in attribute-mapping.test.ts.
import type { Role } from "../db/generated/enums";
import { assertedRole, namesRole } from "./asserted-role";
import { isEmail, normalizeEmail } from "../members/normalize";
import type { ProfileTextField } from "../members/profile";
import { dialectNames, dialectOf, MAPPING_TARGETS, type MappingTarget } from "./attribute-dialects";

/** Attribute name → its values, as the IdP sent them (no XML kept). */
export type AssertionAttributes = Record<string, string[]>;

/** What one assertion said: its NameID and attributes. Stored as a connection's last assertion. */
export type SentAssertion = { nameId: string | null; nameIdFormat?: string | null; attributes: AssertionAttributes };

/** Target → the IdP attribute name an admin chose for it. */
export type AttributeMapping = Partial<Record<MappingTarget, string>>;

/** Longest value kept from an attribute (the SCIM limit for names and short values). */
export const MAX_ATTRIBUTE_VALUE = 256;
/** Most values read from one multi-valued attribute (groups). */
const MAX_VALUES = 500;

const NAME_ID_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
const EMAIL_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

export type MappedRow = {
  target: MappingTarget;
  /** The attribute the value came from ("NameID" for the subject), or null when none carried one. */
  source: string | null;
  /** What the IdP sent in that attribute. */
  sent: string[];
  /** What Gatehouse would set, in words for the preview (null: nothing). */
  result: string | null;
  /** Why a sent value is not used (not an email, not a role, …). */
  note?: string;
};

export type MappedAssertion = {
  email: string | null;
  /** Profile fields for the team's view of the member; nameFormatted joins given and family name. */
  profile: Partial<Record<ProfileTextField, string>>;
  /** The role the role attribute names (capped at Admin), or null. */
  role: Role | null;
  /** Role values as sent (for jit.ts, which reads them the same way). */
  roleValues: string[];
  groups: string[];
  rows: MappedRow[];
};

/** An attribute value list from whatever shape jackson's raw claims have. */
function valuesOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v == null ? [] : [v];
  return list
    .filter((x): x is string | number | boolean => typeof x === "string" || typeof x === "number" || typeof x === "boolean")
    .map((x) => String(x).trim())
    .filter(Boolean)
    .slice(0, MAX_VALUES);
}

/**
 * The assertion as the IdP sent it, from jackson's profile `raw` claims. jackson copies the
 * NameID into the nameidentifier claim, and into the emailaddress claim when its format is
 * emailAddress; those copies are shown as the NameID, not as attributes the IdP sent.
 */
export function sentAssertionFromRaw(raw: Record<string, unknown> | undefined, id?: string | null): SentAssertion {
  const attributes: AssertionAttributes = {};
  const nameId = valuesOf(raw?.[NAME_ID_CLAIM])[0] ?? (id?.trim() || null);
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (name === NAME_ID_CLAIM) continue;
    const values = valuesOf(value);
    if (name === EMAIL_CLAIM && nameId && values.length === 1 && values[0] === nameId) continue;
    if (values.length > 0) attributes[name] = values;
  }
  return { nameId, attributes };
}

/** Values of the attribute called `name` (exact name first, then ignoring case). */
function lookup(attributes: AssertionAttributes, name: string): { name: string; values: string[] } | null {
  if (attributes[name]) return { name, values: attributes[name] };
  const lower = name.toLowerCase();
  const found = Object.keys(attributes).find((k) => k.toLowerCase() === lower);
  return found ? { name: found, values: attributes[found] } : null;
}

/** The first candidate attribute that carries a value accepted by `accept`. */
function pick(attributes: AssertionAttributes, candidates: string[], accept: (v: string) => boolean = () => true) {
  let firstSeen: { name: string; values: string[] } | null = null;
  for (const name of candidates) {
    const hit = lookup(attributes, name);
    if (!hit) continue;
    firstSeen ??= hit;
    const value = hit.values.find(accept);
    if (value !== undefined) return { name: hit.name, values: hit.values, value };
  }
  return firstSeen ? { name: firstSeen.name, values: firstSeen.values, value: undefined } : null;
}

const candidatesFor = (target: MappingTarget, mapping: AttributeMapping): string[] => {
  const chosen = mapping[target]?.trim();
  // An admin's choice is the only source for that target: a fallback would hide a typo.
  return chosen ? [chosen] : dialectNames(target);
};

export function mapAssertion(sent: SentAssertion, mapping: AttributeMapping = {}): MappedAssertion {
  const { attributes } = sent;
  const rows: MappedRow[] = [];
  const profile: Partial<Record<ProfileTextField, string>> = {};
  let email: string | null = null;
  let role: Role | null = null;
  let roleValues: string[] = [];
  let groups: string[] = [];

  for (const target of MAPPING_TARGETS) {
    const candidates = candidatesFor(target, mapping);
    if (target === "email") {
      const hit = pick(attributes, candidates, isEmail);
      const nameIdIsEmail = !!sent.nameId && isEmail(sent.nameId);
      if (hit?.value) {
        email = normalizeEmail(hit.value);
        rows.push({ target, source: hit.name, sent: hit.values, result: email });
      } else if (nameIdIsEmail && !mapping.email?.trim()) {
        email = normalizeEmail(sent.nameId!);
        rows.push({ target, source: "NameID", sent: [sent.nameId!], result: email });
      } else {
        const note = hit
          ? `${hit.name} is not an email address`
          : sent.nameId
            ? `The NameID (${sent.nameId}) is not an email address and no attribute carries one`
            : "No attribute carries an email address";
        rows.push({ target, source: hit?.name ?? (sent.nameId ? "NameID" : null), sent: hit?.values ?? (sent.nameId ? [sent.nameId] : []), result: null, note });
      }
      continue;
    }
    if (target === "role") {
      // Only values that name a role count: an LDAP employeeType of "staff" says nothing here.
      const hit = pick(attributes, candidates, namesRole);
      roleValues = hit?.values ?? [];
      role = assertedRole(roleValues);
      const note = hit && !role ? "Not a role (owner, admin or member): ignored" : role && roleValues.some((v) => v.trim().toUpperCase() === "OWNER") ? "An assertion never makes owners: capped at Admin" : undefined;
      rows.push({ target, source: hit?.name ?? null, sent: roleValues, result: role ? roleLabel(role) : null, ...(note && { note }) });
      continue;
    }
    if (target === "groups") {
      const hit = pick(attributes, candidates);
      groups = [...new Set((hit?.values ?? []).map((g) => g.slice(0, MAX_ATTRIBUTE_VALUE)))];
      rows.push({ target, source: hit?.name ?? null, sent: hit?.values ?? [], result: groups.length ? groups.join(", ") : null });
      continue;
    }
    const hit = pick(attributes, candidates);
    const value = hit?.value?.slice(0, MAX_ATTRIBUTE_VALUE);
    if (value) profile[target] = value;
    rows.push({ target, source: hit?.name ?? null, sent: hit?.values ?? [], result: value ?? null });
  }
  const formatted = [profile.givenName, profile.familyName].filter(Boolean).join(" ");
  if (formatted) profile.nameFormatted = formatted;
  return { email, profile, role, roleValues, groups, rows };
}

const roleLabel = (r: Role) => r.charAt(0) + r.slice(1).toLowerCase();

/** Cleans an admin's mapping form: known targets only, trimmed names, empty = the dialect table. */
export function cleanMapping(input: Record<string, unknown>): AttributeMapping {
  const out: AttributeMapping = {};
  for (const target of MAPPING_TARGETS) {
    const v = input[target];
    if (typeof v === "string" && v.trim()) out[target] = v.trim().slice(0, 1024);
  }
  return out;
}

/** Reads the stored Json back; anything malformed counts as no mapping. */
export const readMapping = (json: unknown): AttributeMapping =>
  typeof json === "object" && json !== null && !Array.isArray(json) ? cleanMapping(json as Record<string, unknown>) : {};

/** Reads a stored last assertion back. */
export function readSentAssertion(json: unknown): SentAssertion | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const o = json as { nameId?: unknown; attributes?: unknown };
  const attributes: AssertionAttributes = {};
  if (typeof o.attributes === "object" && o.attributes !== null) {
    for (const [k, v] of Object.entries(o.attributes)) attributes[k] = valuesOf(v);
  }
  return { nameId: typeof o.nameId === "string" ? o.nameId : null, attributes };
}

export { dialectOf };
