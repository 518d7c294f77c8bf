// The `attributes` and `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9), applied to
// a rendered resource. `schemas` and attributes whose "returned" is "always" (id) always stay;
// "never" ones (password) never appear. Names compare case-insensitively; names that match no
// attribute are ignored, as the RFC defines no error for them.
import { findKey, parseAttrPath, sameName } from "./attr-path";
import {
  findAttribute,
  findSchema,
  isPlainObject,
  matchExtensionKey,
  type AttributeDef,
  type ResourceSchema,
  type ScimResource,
} from "./resource-schemas";

/** One listed path: an extension as a whole (no attr), an attribute, or a sub-attribute. */
type Selected = { ext?: string; attr?: string; subAttr?: string };

export type AttributeSelection = { attributes?: Selected[]; excludedAttributes?: Selected[] };

type Params = Pick<URLSearchParams, "get">;

export function parseAttributeSelection(params: Params, schema: ResourceSchema): AttributeSelection {
  const read = (name: string) => {
    const raw = params.get(name);
    if (!raw?.trim()) return undefined;
    const list = raw
      .split(",")
      .map((s) => resolve(s.trim(), schema))
      .filter((s): s is Selected => s !== undefined);
    return list;
  };
  const attributes = read("attributes");
  const excludedAttributes = read("excludedAttributes");
  return { ...(attributes && { attributes }), ...(excludedAttributes && { excludedAttributes }) };
}

function resolve(raw: string, schema: ResourceSchema): Selected | undefined {
  // `emails[type eq "work"]` (Microsoft's SCIM tests send it): the RFC's attribute list takes plain
  // paths, so the value filter is dropped and the whole attribute is selected.
  const text = withoutValueFilters(raw);
  const whole = matchExtensionKey(schema, text);
  if (whole && whole.rest === undefined) return whole.ext === schema.core ? undefined : { ext: whole.ext.id };
  const path = parseAttrPath(text);
  if (!path) return undefined;
  const found = findSchema(schema, path.schema);
  if (found === null) return undefined;
  const ext = found && found !== schema.core ? found.id : undefined;
  return { ...(ext && { ext }), attr: path.attr, ...(path.subAttr && { subAttr: path.subAttr }) };
}

/**
 * `a[x]b[y]` → `ab`; an unclosed "[" stays. One pass: the regex /\[[^\]]*\]/g rescanned to the
 * end from every unclosed "[", quadratic on "[[[[…".
 */
function withoutValueFilters(text: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const open = text.indexOf("[", from);
    const close = open < 0 ? -1 : text.indexOf("]", open);
    if (close < 0) return out + text.slice(from);
    out += text.slice(from, open);
    from = close + 1;
  }
}

/**
 * Whether a core attribute is returned under this selection: lets a handler skip loading what
 * will not be shown (e.g. group members under Entra's excludedAttributes=members).
 */
export function isAttributeReturned(selection: AttributeSelection, attr: string): boolean {
  const named = (list: Selected[] | undefined, whole: boolean) =>
    list?.some((s) => !s.ext && sameName(s.attr, attr) && (!whole || !s.subAttr)) ?? false;
  if (selection.attributes && !named(selection.attributes, false)) return false;
  return !named(selection.excludedAttributes, true);
}

export function selectAttributes(resource: ScimResource, selection: AttributeSelection, schema: ResourceSchema): ScimResource {
  let out = selection.attributes ? pick(resource, selection.attributes, schema) : { ...resource };
  if (selection.excludedAttributes) out = omit(out, selection.excludedAttributes, schema);
  return out;
}

function pick(resource: ScimResource, wanted: Selected[], schema: ResourceSchema): ScimResource {
  const out: ScimResource = {};
  for (const [key, value] of Object.entries(resource)) {
    if (sameName(key, "schemas")) {
      out[key] = value;
      continue;
    }
    const ext = matchExtensionKey(schema, key);
    if (ext && ext.rest === undefined && ext.ext !== schema.core) {
      if (wanted.some((w) => w.ext === ext.ext.id && !w.attr)) out[key] = value;
      else if (isPlainObject(value)) {
        const inner = pickAttributes(value, ext.ext.attributes, wanted.filter((w) => w.ext === ext.ext.id));
        if (Object.keys(inner).length > 0) out[key] = inner;
      }
      continue;
    }
    Object.assign(out, pickAttributes({ [key]: value }, schema.core.attributes, wanted.filter((w) => !w.ext)));
  }
  return out;
}

function pickAttributes(obj: ScimResource, defs: AttributeDef[], wanted: Selected[]): ScimResource {
  const out: ScimResource = {};
  for (const [key, value] of Object.entries(obj)) {
    const def = findAttribute(defs, key);
    if (def?.returned === "never") continue;
    if (def?.returned === "always") {
      out[key] = value;
      continue;
    }
    const mine = wanted.filter((w) => sameName(w.attr, key));
    if (mine.length === 0) continue;
    if (mine.some((w) => !w.subAttr)) {
      out[key] = value;
      continue;
    }
    const subs = mine.map((w) => w.subAttr!);
    const pickSubs = (el: unknown) => {
      if (!isPlainObject(el)) return el;
      const picked: ScimResource = {};
      for (const sub of subs) {
        const k = findKey(el, sub);
        if (k !== undefined) picked[k] = el[k];
      }
      return picked;
    };
    const picked = Array.isArray(value) ? value.map(pickSubs) : pickSubs(value);
    if (!isPlainObject(picked) || Object.keys(picked).length > 0) out[key] = picked;
  }
  return out;
}

function omit(resource: ScimResource, excluded: Selected[], schema: ResourceSchema): ScimResource {
  let out = resource;
  for (const ex of excluded) {
    if (!ex.ext) {
      out = omitAttribute(out, schema.core.attributes, ex);
      continue;
    }
    const key = findKey(out, ex.ext);
    if (key === undefined) continue;
    if (!ex.attr) {
      const { [key]: _, ...rest } = out;
      out = rest;
      continue;
    }
    const holder = out[key];
    if (isPlainObject(holder)) out = { ...out, [key]: omitAttribute(holder, findSchema(schema, ex.ext)?.attributes ?? [], ex) };
  }
  return out;
}

function omitAttribute(holder: ScimResource, defs: AttributeDef[], ex: Selected): ScimResource {
  const key = findKey(holder, ex.attr!);
  if (key === undefined) return holder;
  // "always" attributes cannot be excluded (RFC 7643 §2.2), nor can schemas (RFC 7644 §3.9).
  if (findAttribute(defs, key)?.returned === "always" || sameName(key, "schemas")) return holder;
  const copy = { ...holder };
  if (!ex.subAttr) {
    delete copy[key];
    return copy;
  }
  const dropSub = (el: unknown) => {
    if (!isPlainObject(el)) return el;
    const k = findKey(el, ex.subAttr!);
    if (k === undefined) return el;
    const { [k]: _, ...rest } = el;
    return rest;
  };
  const value = copy[key];
  copy[key] = Array.isArray(value) ? value.map(dropSub) : dropSub(value);
  return copy;
}
