// Limits on hostile SCIM input, checked on the raw request (text, parsed JSON, query, path) before
// any schema parsing, regex or database call, so every endpoint gets them and nothing deeper has
// to defend itself. Why each exists:
// - U+0000 cannot be stored in a PostgreSQL text value (SQLSTATE 22021): refused everywhere.
// - An indexed value longer than ~2,700 bytes cannot be written into a btree index; long strings
//   also cost every regex and comparison that reads them. Hence a length for every attribute.
// - Deep JSON overflows the stack of recursive consumers (structuredClone, JSON.stringify, zod,
//   PATCH): nesting is counted on the text, before JSON.parse builds anything.
// - "__proto__", "constructor" and "prototype" as keys would reach the prototype chain when code
//   copies attributes with obj[key] = value; no SCIM attribute has these names.
import { ScimError } from "./errors";

/** Deepest nesting of objects and arrays in a body (a PATCH with an extension's manager needs 6). */
export const MAX_JSON_DEPTH = 10;
/** Attribute values (RFC 7643 §2.3) unless ATTRIBUTE_LIMITS says otherwise. */
export const MAX_VALUE_LENGTH = 1024;
/** Names: userName-like keys, display names, name parts and other indexed or shown strings. */
export const MAX_NAME_LENGTH = 256;
/** Email addresses (RFC 5321 §4.5.3.1: 64 + 1 + 255). */
export const MAX_EMAIL_LENGTH = 320;
/** A JSON key, a PATCH path, an attribute path. */
export const MAX_PATH_LENGTH = 1024;
/** Each query parameter (filter, attributes, excludedAttributes, startIndex, count, …). */
export const MAX_QUERY_PARAM_LENGTH = 4096;
/** A resource id in the URL (ids are UUIDs; discovery ids are schema URNs). */
export const MAX_ID_LENGTH = 256;

/**
 * Lengths per attribute, by the attribute's name (case-insensitive, as RFC 7643 §2.1 compares
 * them). A "parent.child" entry wins over a bare "child" one, so name.formatted (256) and
 * addresses.formatted (1,024) differ. Extension attributes are listed by their own names (the
 * schema URN is stripped). Anything unlisted gets MAX_VALUE_LENGTH.
 */
export const ATTRIBUTE_LIMITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    // Sign-in identifiers: IdPs send an email address as userName (Okta's default format).
    userName: MAX_EMAIL_LENGTH,
    "emails.value": MAX_EMAIL_LENGTH,
    // Indexed per team, shown in the UI.
    externalId: MAX_NAME_LENGTH,
    displayName: MAX_NAME_LENGTH,
    "name.formatted": MAX_NAME_LENGTH,
    givenName: MAX_NAME_LENGTH,
    familyName: MAX_NAME_LENGTH,
    middleName: MAX_NAME_LENGTH,
    honorificPrefix: MAX_NAME_LENGTH,
    honorificSuffix: MAX_NAME_LENGTH,
    nickName: MAX_NAME_LENGTH,
    title: MAX_NAME_LENGTH,
    userType: MAX_NAME_LENGTH,
    preferredLanguage: MAX_NAME_LENGTH,
    locale: MAX_NAME_LENGTH,
    timezone: MAX_NAME_LENGTH,
    role: MAX_NAME_LENGTH,
    // Sub-attributes of multi-valued attributes (emails, phoneNumbers, addresses, members, groups, roles).
    type: MAX_NAME_LENGTH,
    display: MAX_NAME_LENGTH,
    primary: MAX_NAME_LENGTH,
    "members.value": MAX_NAME_LENGTH,
    "groups.value": MAX_NAME_LENGTH,
    "roles.value": MAX_NAME_LENGTH,
    "phoneNumbers.value": MAX_NAME_LENGTH,
    "addresses.formatted": MAX_VALUE_LENGTH,
    streetAddress: MAX_VALUE_LENGTH,
    locality: MAX_NAME_LENGTH,
    region: MAX_NAME_LENGTH,
    postalCode: MAX_NAME_LENGTH,
    country: MAX_NAME_LENGTH,
    // Enterprise extension (RFC 7643 §4.3).
    employeeNumber: MAX_NAME_LENGTH,
    costCenter: MAX_NAME_LENGTH,
    organization: MAX_NAME_LENGTH,
    division: MAX_NAME_LENGTH,
    department: MAX_NAME_LENGTH,
    "manager.value": MAX_NAME_LENGTH,
    "manager.displayName": MAX_NAME_LENGTH,
    $ref: MAX_VALUE_LENGTH,
    // PATCH envelope.
    op: MAX_NAME_LENGTH,
    path: MAX_PATH_LENGTH,
  }).map(([k, v]) => [k.toLowerCase(), v]),
);

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const invalidValue = (detail: string): never => {
  throw new ScimError(400, "invalidValue", detail);
};

/**
 * Refuses JSON text nested deeper than MAX_JSON_DEPTH, by counting brackets outside strings: one
 * linear pass, no recursion, run before JSON.parse. Malformed text is left to JSON.parse.
 */
export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) invalidValue(`The request body is nested deeper than ${max} levels`);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
}

/** The length limit for a value whose attribute path (outermost first, URNs stripped) is `path`. */
export function limitFor(path: readonly string[]): number {
  const leaf = path[path.length - 1];
  if (leaf === undefined) return MAX_VALUE_LENGTH;
  const parent = path[path.length - 2];
  return (parent !== undefined && ATTRIBUTE_LIMITS.get(`${parent}.${leaf}`)) || ATTRIBUTE_LIMITS.get(leaf) || MAX_VALUE_LENGTH;
}

/**
 * An attribute path as written in a key or a PATCH "path", as the names it walks through:
 * `urn:…:enterprise:2.0:User:manager.value` → ["manager", "value"],
 * `emails[type eq "work"].value` → ["emails", "value"], `name.givenName` → ["name", "givenname"].
 * A schema URN alone (`urn:…:2.0:User`) walks nowhere. Linear; no regex.
 */
export function attributePathSegments(text: string): string[] {
  let path = text.trim().toLowerCase();
  // Value filters may hold anything, "]" and "." included: drop everything from the first "[" to
  // the last "]" (a path has at most one filter, RFC 7644 §3.5.2).
  const open = path.indexOf("[");
  if (open >= 0) {
    const close = path.lastIndexOf("]");
    path = path.slice(0, open) + (close > open ? path.slice(close + 1) : "");
  }
  // Attribute names cannot contain ":"; schema URNs can ("…:2.0:User").
  if (path.startsWith("urn:")) {
    const colon = path.lastIndexOf(":");
    const rest = path.slice(colon + 1);
    // "urn:…:2.0:User" names the extension itself; its keys are its attributes.
    if (rest === "user" || rest === "group") return [];
    path = rest;
  }
  return path.split(".").filter((s) => s !== "");
}

/**
 * Walks a parsed request body and refuses (400 invalidValue) U+0000 in any key or string, keys
 * longer than MAX_PATH_LENGTH, the reserved keys above, and strings longer than their attribute's
 * limit. Attribute context follows the keys; inside PATCH "Operations" a value takes the context of
 * its operation's "path", and a path-less value's keys are attribute paths themselves. Recursion is
 * safe: assertJsonDepth has bounded the depth.
 */
export function assertBodyLimits(body: unknown): void {
  walk(body, [], "");
}

function walk(value: unknown, context: readonly string[], where: string): void {
  if (typeof value === "string") {
    assertString(value, limitFor(context), where || "value");
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, context, `${where}[${i}]`));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const obj = value as Record<string, unknown>;
  const operation = isOperation(context, obj);
  // Attribute names are case-insensitive (RFC 7643 §2.1): {"active": true, "Active": false} says
  // two things of one attribute, and the later key silently won (found by fuzzing).
  const seen = new Set<string>();
  for (const key of Object.keys(obj)) {
    const at = where ? `${where}.${key}` : key;
    assertKey(key, at);
    const folded = key.toLowerCase();
    if (seen.has(folded)) invalidValue(`"${clip(at)}" appears twice (attribute names are case-insensitive)`);
    seen.add(folded);
    let inner: readonly string[];
    if (operation && key.toLowerCase() === "value") {
      const path = findString(obj, "path");
      inner = path === undefined ? [] : attributePathSegments(path);
    } else {
      inner = [...context, ...attributePathSegments(key)];
    }
    walk(obj[key], inner, at);
  }
}

/** An element of a PATCH body's "Operations" array (the only place "op" and "path" mean that). */
const isOperation = (context: readonly string[], obj: Record<string, unknown>) =>
  context.length === 1 && context[0] === "operations" && Object.keys(obj).some((k) => k.toLowerCase() === "op");

function findString(obj: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : obj[key];
  return typeof v === "string" ? v : undefined;
}

/** Code points: an emoji is one character, as PostgreSQL's varchar and the README count it. */
function characters(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * What a string holds that PostgreSQL cannot store: U+0000 (text refuses it) or an unpaired
 * surrogate ("\ud800" in a JSON body: json and jsonb refuse it, and it is not Unicode text).
 * Null when the string can be stored.
 */
export function unstorable(value: string): string | null {
  if (value.includes("\u0000")) return "U+0000";
  if (!value.isWellFormed()) return "an unpaired surrogate (\\ud800-\\udfff)";
  return null;
}

function assertKey(key: string, where: string): void {
  if (RESERVED_KEYS.has(key.toLowerCase())) invalidValue(`"${clip(where)}": "${key}" is not an attribute name`);
  if (key.length > MAX_PATH_LENGTH) invalidValue(`An attribute name is longer than ${MAX_PATH_LENGTH} characters`);
  const bad = unstorable(key);
  if (bad) invalidValue(`"${clip(where)}": attribute names must not contain ${bad}`);
}

/** A string from anywhere in a request: storable (see unstorable), at most `max` characters (code points). */
export function assertString(value: string, max: number, where: string): void {
  // Code units first (never fewer than code points), so only a long string is counted.
  if (value.length > max && characters(value) > max) invalidValue(`"${clip(where)}" is longer than ${max} characters`);
  const bad = unstorable(value);
  if (bad) invalidValue(`"${clip(where)}" must not contain ${bad}`);
}

/** Query parameters: each at most MAX_QUERY_PARAM_LENGTH, no U+0000 (filter errors say invalidFilter). */
export function assertQueryLimits(params: URLSearchParams): void {
  for (const [name, value] of params) {
    const scimType = name.toLowerCase() === "filter" ? "invalidFilter" : "invalidValue";
    if (name.length > MAX_PATH_LENGTH || unstorable(name)) throw new ScimError(400, "invalidValue", "A query parameter name is too long or contains U+0000 or an unpaired surrogate");
    if (value.length > MAX_QUERY_PARAM_LENGTH) throw new ScimError(400, scimType, `"${clip(name)}" is longer than ${MAX_QUERY_PARAM_LENGTH} characters`);
    const bad = unstorable(value);
    if (bad) throw new ScimError(400, scimType, `"${clip(name)}" must not contain ${bad}`);
  }
}

/** Path parameters (ids, schema URNs, unknown path segments): at most MAX_ID_LENGTH, no U+0000. */
export function assertPathParams(params: unknown): void {
  if (typeof params !== "object" || params === null) return;
  for (const value of Object.values(params)) {
    for (const segment of Array.isArray(value) ? value : [value]) {
      if (typeof segment !== "string") continue;
      if (segment.length > MAX_ID_LENGTH) invalidValue(`A path segment is longer than ${MAX_ID_LENGTH} characters`);
      const bad = unstorable(segment);
      if (bad) invalidValue(`The path must not contain ${bad}`);
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resource ids are UUIDs (prisma/schema.prisma): anything else names no resource, without a query. */
export const isResourceId = (id: string): boolean => id.length === 36 && UUID.test(id);

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);
