import crypto from "node:crypto";
import { boundedMemo } from "../bounded-memo";

// What the SCIM request log keeps of a request's path and bodies, so an admin can see what the IdP
// sent and what we answered without the log becoming a copy of the directory or of a secret.
// The rule (README, "SCIM request log"):
//   - secrets (any key naming a password, secret, token, credential or authorization) become
//     "[redacted]": nothing of them is kept;
//   - email addresses, wherever they appear (bodies, paths, filters), keep their first character and
//     their domain, plus a tag: "a…@example.com~3fa9c1";
//   - names and other personal values (userName, displayName, nickName, the name, emails, phone
//     numbers, addresses, ims, photos and certificates of a User, employeeNumber, the manager's and a
//     group member's display name, and filter values compared with them) keep their first character
//     and a tag: "A…~0b47de";
//   - the tag is a keyed hash of the value (case-insensitive), the same for the same value across a
//     team's log, so rows can be matched up ("the 409 and the later 201 were the same person")
//     without showing who it was; ids, externalId, active, roles, groups' names, schemas and PATCH
//     operations are kept as sent, since those are what explains a failure.
// Pure: the caller passes the key.

export type MaskOptions = { key: string; maxChars?: number };

export const LOG_BODY_MAX_CHARS = 8_000;
const LIST_RESOURCES_KEPT = 3;
const REDACTED = "[redacted]";
// "…" is not part of an address, so a value already masked ("a…@example.com~tag") is not masked twice.
// Bounded like an address (RFC 5321: 64-character local part, 255-character domain): unbounded
// `+` made a 300,000-character name cost minutes of backtracking per logged request.
const EMAIL = /[^\s"'<>()[\]{},;:@\\…]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}/g;
// A string value is cut to this many characters before it is masked: the API refuses anything
// longer than 1,024 characters (lib/scim/limits.ts), and the log need not keep a hostile value
// whole to explain why it was refused. Bounds the work masking does per value.
export const LOG_STRING_MAX_CHARS = 1_024;
const SECRET_KEY = /pass(word)?|secret|token|credential|authorization|api[-_]?key|private[-_]?key/i;
// Every string inside these attributes of a User is personal, except the descriptive keys below.
const PERSONAL_CONTAINERS = new Set(["name", "emails", "phonenumbers", "ims", "photos", "addresses", "x509certificates", "manager"]);
const DESCRIPTIVE_KEYS = new Set(["type", "primary", "country", "$ref"]);
// Personal wherever they appear on a User (and filters on them).
const PERSONAL_KEYS = new Set(["username", "displayname", "nickname", "employeenumber", "profileurl", "email", "givenname", "familyname", "middlename", "formatted"]);

export type ResourceKind = "User" | "Group" | null;

/** The kind of resource a SCIM path is about, which decides whether displayName is a person's. */
export function resourceKindOfPath(path: string): ResourceKind {
  const m = /\/(Users|Groups)(?:\/|\?|$)/.exec(path);
  return m ? (m[1] === "Users" ? "User" : "Group") : null;
}

// Each key as a KeyObject, made once: createHmac given the key's text prepares it on every call
// (2.3 against 1.7 µs a tag, and a written User's log entry takes a dozen tags). A process sees a
// key per team.
const keyObject = boundedMemo((key) => crypto.createSecretKey(Buffer.from(key, "utf8")), { max: 10_000 });

function tag(value: string, key: string): string {
  return crypto.createHmac("sha256", keyObject(key)).update(value.trim().toLowerCase(), "utf8").digest("hex").slice(0, 6);
}

/** "ada@example.com" → "a…@example.com~3fa9c1". */
export function maskEmail(email: string, key: string): string {
  const at = email.lastIndexOf("@");
  return `${email.slice(0, 1)}…${email.slice(at).toLowerCase()}~${tag(email, key)}`;
}

/** "Ada Lovelace" → "A…~0b47de"; an email inside is masked as an email. */
export function maskPersonal(value: string, key: string): string {
  const trimmed = value.trim();
  if (trimmed === "") return value;
  if (isEmailOnly(trimmed)) return maskEmail(trimmed, key);
  // The first character, a surrogate pair whole ("😀", not half of it).
  return `${String.fromCodePoint(trimmed.codePointAt(0)!)}…~${tag(value, key)}`;
}

const isEmailOnly = (trimmed: string) => {
  const m = trimmed.match(EMAIL);
  return !!m && m[0] === trimmed;
};

/** Masks every email address in free text. */
// The "@" check first: most values (ids, URNs, dates, URLs) have none, and the scan for an address
// tries up to 64 characters from every position (a sixth of a lookup's masking time).
export const maskEmailsIn = (text: string, key: string): string => (text.includes("@") ? text.replace(EMAIL, (e) => maskEmail(e, key)) : text);

// What is read of a key (whether it names a secret, its lower case, its attribute root),
// remembered per key: a body's keys are nearly always the same few dozen attribute names, and each
// was worked out again for every key and every string value. Only short keys are remembered, and
// at most a thousand: a refused body is still logged, and a hostile one can bring any number of
// keys of any length.
const KEY_MEMO = { max: 1_000, maxKeyChars: 64 };
const lowerCase = boundedMemo((k) => k.toLowerCase(), KEY_MEMO);

/** The attribute name a body key or PATCH path starts from, lower-cased: "name.givenName" → "name", "urn:…:User:employeeNumber" → "employeenumber". */
export const attributeRoot = boundedMemo(rootOf, KEY_MEMO);

function rootOf(keyOrPath: string): string {
  // A plain attribute name (most keys of a body) is its own root.
  if (/^[A-Za-z$][\w$-]*$/.test(keyOrPath)) return keyOrPath.toLowerCase();
  let s = keyOrPath.trim();
  // Extension URNs: the attribute follows the schema's last colon ("…:2.0:User:employeeNumber").
  const urn = /^urn:[^[\]]*:(\d+\.\d+):(?:User|Group)(?::(.*))?$/i.exec(s);
  if (urn) s = urn[2] ?? "";
  return s.split(/[.[\s]/)[0]!.toLowerCase();
}

type Ctx = { kind: ResourceKind; container: string | null; key: string; depth?: number };

// Deeper than any SCIM body (the API refuses more than 10 levels); a hostile body is cut here.
const MAX_DEPTH = 24;

/**
 * A value as JSON.stringify writes it under `key` (SerializeJSONProperty): its toJSON called once,
 * a boxed primitive as the primitive. An answer's value (respond.ts keeps it beside its text) is
 * masked as its text would be; on parsed JSON this changes nothing. Masking takes values already
 * written: each is written once, where it is read (a toJSON is assumed to have no side effects).
 */
export function asWritten(value: unknown, key: string): unknown {
  // Most values are strings, numbers and plain containers: as they are, at the least cost.
  if (value === null || (typeof value !== "object" && typeof value !== "bigint")) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  const v = typeof toJSON === "function" ? (toJSON.call(value, key) as unknown) : value;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean) return v.valueOf();
  return v;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const unwritten = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

function maskValue(value: unknown, field: string | null, ctx: Ctx): unknown {
  if ((ctx.depth ?? 0) > MAX_DEPTH) return "[nested too deep; not kept]";
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") return maskString(value, field, ctx);
  if (Array.isArray(value)) return value.map((v, i) => maskValue(asWritten(v, String(i)), field, { ...ctx, depth: (ctx.depth ?? 0) + 1 }));
  if (typeof value === "object") return maskObject(value as Record<string, unknown>, ctx);
  return value;
}

function maskString(value: string, field: string | null, ctx: Ctx): string {
  const f = field === null ? "" : lowerCase(field);
  if (field && isSecretKey(field)) return REDACTED;
  if (value.length > LOG_STRING_MAX_CHARS) return `${maskString(value.slice(0, LOG_STRING_MAX_CHARS), field, ctx)}… [${value.length} characters in all]`;
  if (ctx.container && PERSONAL_CONTAINERS.has(ctx.container) && !DESCRIPTIVE_KEYS.has(f) && ctx.kind !== "Group") {
    // manager.value is the manager's id, which explains a failure and says nothing personal.
    if (!(ctx.container === "manager" && f === "value")) return maskPersonal(value, ctx.key);
  }
  if (ctx.container === "members" && f === "display") return maskPersonal(value, ctx.key);
  if (ctx.kind !== "Group" && PERSONAL_KEYS.has(f)) return maskPersonal(value, ctx.key);
  return maskEmailsIn(value, ctx.key);
}

function maskObject(obj: Record<string, unknown>, parent: Ctx): Record<string, unknown> {
  const ctx = { ...parent, depth: (parent.depth ?? 0) + 1 };
  const within = (container: string | null): Ctx => (container === ctx.container ? ctx : { ...ctx, container });
  // No prototype: a "__proto__" key in a hostile body stays a plain key (and plain assignment
  // stays cheap, where defineProperty per key cost a tenth of a lookup's masking time).
  const out: Record<string, unknown> = Object.create(null);
  // Each own key as the JSON text holds it, read and written once (an answer's value may hold
  // what JSON.stringify writes otherwise, or leaves out).
  const keys = Object.keys(obj);
  // Written up front only for an object with an "op" (a PATCH operation's keys are read before
  // they are walked): an array per object cost a lookup's masking a tenth more.
  const values = Object.hasOwn(obj, "op") ? keys.map((k) => asWritten(obj[k], k)) : null;
  // A PATCH operation: its value is read in the context of the path it writes.
  let path: unknown;
  let isOperation = false;
  if (values) {
    const own = (k: string) => {
      const i = keys.indexOf(k);
      return i < 0 || unwritten(values[i]) ? undefined : values[i];
    };
    path = own("path");
    isOperation = typeof own("op") === "string" && (own("value") !== undefined || path !== undefined);
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = values ? values[i] : asWritten(obj[k], k);
    if (unwritten(v)) continue;
    if (isSecretKey(k)) {
      out[k] = REDACTED;
      continue;
    }
    if (isOperation && k === "value" && typeof path === "string") {
      const root = attributeRoot(path);
      const last = path.split(/[.:]/).pop() ?? path;
      const container = PERSONAL_CONTAINERS.has(root) || root === "members" ? root : ctx.container;
      out[k] = maskValue(v, PERSONAL_KEYS.has(root) ? root : last.replace(/\[.*$/, ""), within(container));
      continue;
    }
    if (isOperation && k === "path" && typeof v === "string") {
      out[k] = maskFilterText(v, ctx);
      continue;
    }
    if (k === "Resources" && Array.isArray(v)) {
      const kept = v.slice(0, LIST_RESOURCES_KEPT).map((r, i) => maskValue(asWritten(r, String(i)), null, within(null)));
      out[k] = v.length > LIST_RESOURCES_KEPT ? [...kept, `… ${v.length - LIST_RESOURCES_KEPT} more not kept`] : kept;
      continue;
    }
    const root = attributeRoot(k);
    if (typeof v === "object" && v !== null) {
      // Dotted or extension keys ("name.givenName", "urn:…:User") name their container.
      const container = PERSONAL_CONTAINERS.has(root) || root === "members" ? root : /^urn:/i.test(k) && root === "" ? null : ctx.container;
      out[k] = maskValue(v, k, within(container));
    } else {
      const container = k.includes(".") && PERSONAL_CONTAINERS.has(root) ? root : ctx.container;
      out[k] = maskValue(v, k.includes(".") || k.includes(":") ? (k.split(/[.:]/).pop() ?? k) : k, within(container));
    }
  }
  return out;
}

const isSecretKey = boundedMemo((k) => SECRET_KEY.test(k), KEY_MEMO);

// A filter's comparisons with a personal attribute ("userName eq \"ada@…\"", "name.givenName sw \"A\"").
// Bounded for the same reason as EMAIL: a long unquoted filter must not backtrack quadratically.
const COMPARISON = /([A-Za-z$][\w.:$-]{0,255}(?:\[[^\]]{0,1024}\])?(?:\.[\w$]{1,255})?)(\s+(?:eq|ne|co|sw|ew|gt|ge|lt|le)\s+)"((?:[^"\\]|\\.)*)"/gi;

function maskFilterText(text: string, ctx: Ctx): string {
  const masked = text.replace(COMPARISON, (whole, attr: string, op: string, literal: string) => {
    const root = attributeRoot(attr);
    const last = (attr.split(/[.:]/).pop() ?? attr).replace(/\[.*$/, "").toLowerCase();
    const personal =
      (ctx.kind !== "Group" && (PERSONAL_KEYS.has(root) || PERSONAL_KEYS.has(last) || (PERSONAL_CONTAINERS.has(root) && !DESCRIPTIVE_KEYS.has(last)))) ||
      (root === "members" && last === "display");
    return personal ? `${attr}${op}"${maskPersonal(literal, ctx.key)}"` : whole;
  });
  return maskEmailsIn(masked, ctx.key);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A request's path and query as an admin reads them: percent-decoding undone ("+" in the query
 * is a space), personal filter values and email addresses masked.
 */
export function maskLogPath(pathAndQuery: string, key: string): string {
  const q = pathAndQuery.indexOf("?");
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q < 0 ? "" : pathAndQuery.slice(q + 1);
  const ctx: Ctx = { kind: resourceKindOfPath(path), container: null, key };
  const shownPath = maskEmailsIn(safeDecode(path), key);
  if (!query) return shownPath;
  const params = query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const name = safeDecode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "));
    const value = eq < 0 ? null : safeDecode(pair.slice(eq + 1).replace(/\+/g, " "));
    return value === null ? name : `${name}=${maskFilterText(value, ctx)}`;
  });
  return `${shownPath}?${params.join("&")}`;
}

/**
 * A request or response body for the log: JSON masked by the rule above and truncated to
 * maxChars; text that is not JSON is not kept (its personal data cannot be told apart), only its size.
 */
export function maskLogBody(text: string | null | undefined, kind: ResourceKind, { key, maxChars = LOG_BODY_MAX_CHARS }: MaskOptions): string | null {
  if (text === null || text === undefined || text.trim() === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `[${text.length} characters that are not JSON; not kept]`;
  }
  return maskLogJson(parsed, kind, { key, maxChars });
}

/**
 * maskLogBody of a body already parsed (JSON.parse of its text), for a caller that needed it
 * parsed anyway, or of an answer's value as its text was written from it (asWritten(value, "")).
 */
export function maskLogJson(parsed: unknown, kind: ResourceKind, { key, maxChars = LOG_BODY_MAX_CHARS }: MaskOptions): string {
  const masked = JSON.stringify(maskValue(parsed, null, { kind, container: null, key }));
  return masked.length > maxChars ? `${masked.slice(0, maxChars)}… [truncated, ${masked.length} characters in all]` : masked;
}
