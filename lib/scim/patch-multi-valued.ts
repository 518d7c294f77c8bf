// PATCH on multi-valued attributes (emails, roles, group members): RFC 7644 §3.5.2.1–3 with
// the IdP forms seen in practice (Entra's value-list remove, Okta's filtered remove and full replace).
import { ScimError } from "./errors";
import type { Filter } from "./filter";
import { matchesFilter } from "./match-filter";
import { invalidPath } from "./patch-path";
import type { OpName } from "./patch-request";
import { coerce, invalidValue, mergeComplex, setSub } from "./patch-values";
import { findAttribute, getAttr, isPlainObject, type AttributeDef, type ScimResource } from "./resource-schemas";

const noTarget = (detail: string): never => {
  throw new ScimError(400, "noTarget", detail);
};

export function applyMultiValued(
  holder: ScimResource,
  def: AttributeDef,
  subDef: AttributeDef | undefined,
  /** The value selection filter of the path, if any, and the path as text for messages. */
  filter: Filter | undefined,
  where: string,
  op: OpName,
  value: unknown,
): void {
  const current = holder[def.name];
  const list: unknown[] = Array.isArray(current) ? [...current] : [];

  if (filter) {
    const matched = list.filter((el): el is ScimResource => isPlainObject(el) && matchInPath(el, filter, def, where));
    if (matched.length === 0) {
      // Removing what is not there leaves the list as the IdP wants it (Okta retries a member's
      // removal after it went), as the value-list form already did.
      if (op === "remove") return;
      // `add emails[type eq "work"].value`: create the value the filter describes. So does
      // `replace` (RFC 7644 §3.5.2.3 says noTarget): Entra ID sends it for an address the app
      // never had, and means the same.
      const seed = elementFromFilter(filter);
      if (!seed) return noTarget(`no value of "${def.name}" matches ${where}, and the filter does not describe one to add`);
      const element = subDef ? { ...seed, [subDef.name]: coerce(subDef, value, where) } : mergeComplex(def, seed, value, where);
      holder[def.name] = withSinglePrimary([...list, element], element.primary === true ? element : undefined);
      return;
    }
    if (op === "remove" && !subDef) {
      holder[def.name] = list.filter((el) => !matched.includes(el as ScimResource));
      return;
    }
    const updated = new Map<unknown, ScimResource>();
    for (const el of matched) {
      const next = subDef ? setSub(el, subDef, op === "remove" ? undefined : value, where) : mergeComplex(def, el, value, where);
      updated.set(el, next);
    }
    const result = list.map((el) => updated.get(el) ?? el);
    const primary = [...updated.values()].find((el) => el.primary === true);
    holder[def.name] = primary ? withSinglePrimary(result, primary) : result;
    return;
  }

  if (subDef) {
    // `emails.value` without a filter applies to every value (or creates the first one).
    if (op === "remove") {
      holder[def.name] = list.map((el) => (isPlainObject(el) ? setSub(el, subDef, undefined, where) : el));
    } else if (list.length === 0) {
      holder[def.name] = [{ [subDef.name]: coerce(subDef, value, where) }];
    } else {
      holder[def.name] = list.map((el) => (isPlainObject(el) ? setSub(el, subDef, value, where) : el));
    }
    return;
  }

  if (op === "remove") {
    // Emptied multi-valued attributes stay as [] so the mapper sees "none" rather than "not sent".
    if (value === undefined || value === null) {
      holder[def.name] = [];
      return;
    }
    // Entra removes group members as {op: "remove", path: "members", value: [{value: "<id>"}]}.
    // Values already absent are skipped: the IdP's intent (not a member) already holds.
    const doomed = toItems(def, value, where);
    holder[def.name] = list.filter((el) => !doomed.some((d) => sameItem(def, el, d)));
    return;
  }

  if (value === null) {
    // null is "unassigned": replace empties the list, add has nothing to add.
    if (op === "replace") holder[def.name] = [];
    return;
  }
  const items = dedupe(def, toItems(def, value, where));
  if (op === "replace") {
    // §3.5.2.3: without a filter the whole list is replaced (Okta's full group push).
    holder[def.name] = withSinglePrimary(items, items.find((i) => i.primary === true));
    return;
  }
  // add: append, merging into an existing equal value instead of duplicating it.
  let result = list;
  for (const item of items) {
    const at = result.findIndex((el) => sameItem(def, el, item));
    result = at < 0 ? [...result, item] : result.map((el, i) => (i === at ? { ...(el as ScimResource), ...item } : el));
  }
  holder[def.name] = withSinglePrimary(result, items.find((i) => i.primary === true));
}

function matchInPath(el: ScimResource, filter: Filter, def: AttributeDef, where: string): boolean {
  try {
    return matchesFilter(el, filter, def.subAttributes);
  } catch (e) {
    if (e instanceof ScimError) return invalidPath(`${where}: ${e.detail}`);
    throw e;
  }
}

/** The values an add/replace/remove on a multi-valued attribute names: an array or one object. */
function toItems(def: AttributeDef, value: unknown, where: string): ScimResource[] {
  const raw = Array.isArray(value) ? value : [value];
  const needsValue = findAttribute(def.subAttributes, "value") !== undefined;
  return raw.map((item) => {
    // A bare string is read as {value: …}: some clients send members as ["<id>"].
    const obj = typeof item === "string" && needsValue ? { value: item } : item;
    const merged = mergeComplex(def, {}, obj, where);
    if (needsValue && (typeof merged.value !== "string" || merged.value === "")) {
      invalidValue(`each value of "${def.name}" needs a non-empty "value"`);
    }
    return merged;
  });
}

/** Same value: by `value` (case per its caseExact) when both have one, else all of the same JSON. */
function sameItem(def: AttributeDef, a: unknown, b: ScimResource): boolean {
  if (!isPlainObject(a)) return false;
  const av = getAttr(a, "value");
  const bv = b.value;
  if (typeof av === "string" && typeof bv === "string") {
    return findAttribute(def.subAttributes, "value")?.caseExact ? av === bv : av.toLowerCase() === bv.toLowerCase();
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function dedupe(def: AttributeDef, items: ScimResource[]): ScimResource[] {
  const out: ScimResource[] = [];
  for (const item of items) {
    const at = out.findIndex((o) => sameItem(def, o, item));
    if (at < 0) out.push(item);
    else out[at] = { ...out[at], ...item };
  }
  return out;
}

/** RFC 7643 §2.4: at most one value is primary; a newly primary value demotes the others. */
function withSinglePrimary(list: unknown[], primary: ScimResource | undefined): unknown[] {
  if (!primary) return list;
  return list.map((el) => (el !== primary && isPlainObject(el) && el.primary === true ? { ...el, primary: false } : el));
}

/** `type eq "work" and primary eq true` → {type: "work", primary: true}; anything else → undefined. */
function elementFromFilter(filter: Filter): ScimResource | undefined {
  if (filter.op === "eq" && !filter.path.subAttr && !filter.path.schema && filter.value !== null) {
    return { [filter.path.attr]: filter.value };
  }
  if (filter.op === "and") {
    const parts = filter.filters.map(elementFromFilter);
    return parts.every(Boolean) ? Object.assign({}, ...parts) : undefined;
  }
  return undefined;
}
