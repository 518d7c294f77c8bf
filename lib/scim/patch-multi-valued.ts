// PATCH on multi-valued attributes (emails, roles, group members): RFC 7644 §3.5.2.1–3 with
// the IdP forms seen in practice (Entra's value-list remove, Okta's filtered remove and full replace).
import { ScimError } from "./errors";
import type { Filter } from "./filter";
import { matchesFilter } from "./match-filter";
import { invalidPath } from "./patch-path";
import type { OpName } from "./patch-request";
import { coerce, invalidValue, mergeComplex, setSub } from "./patch-values";
import { sameName } from "./attr-path";
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
      const doomed = new Set<unknown>(matched);
      holder[def.name] = list.filter((el) => !doomed.has(el));
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
    const key = itemKey(def);
    const doomed = new Set(toItems(def, value, where).map(key));
    holder[def.name] = list.filter((el) => !doomed.has(key(el)));
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
  const result = [...list];
  const at = indexByKey(def, result);
  for (const item of items) {
    const k = itemKey(def)(item);
    const i = k === null ? undefined : at.get(k);
    if (i === undefined) {
      if (k !== null) at.set(k, result.length);
      result.push(item);
    } else {
      result[i] = { ...(result[i] as ScimResource), ...item };
    }
  }
  holder[def.name] = withSinglePrimary(result, items.find((i) => i.primary === true));
}

/**
 * A whole-value add or removal by `value`, as Okta and Entra change a group's members: `add` of
 * values, `remove` of values (Entra), `remove` with `[value eq "…"]` (Okta). Only for attributes
 * whose `value` is compared exactly and that have no `primary` (members): there itemKey is what
 * applyMultiValued matches by, so a run of them (applyKeyedRun) ends as they would one by one.
 */
export type KeyedChange = { op: "add"; value: unknown } | { op: "remove"; value: unknown } | { op: "remove"; key: string };

export function keyedChange(def: AttributeDef, op: OpName, filter: Filter | undefined, value: unknown): KeyedChange | null {
  if (findAttribute(def.subAttributes, "value")?.caseExact !== true || findAttribute(def.subAttributes, "primary")) return null;
  if (op === "replace") return null;
  if (!filter) {
    if (value === undefined || value === null) return null;
    // A value stated primary demotes the others (withSinglePrimary): left to applyMultiValued.
    if ((Array.isArray(value) ? value : [value]).some((v) => isPlainObject(v) && getAttr(v, "primary") !== undefined)) return null;
    return op === "add" ? { op: "add", value } : { op: "remove", value };
  }
  if (op !== "remove") return null;
  const f = filter;
  if (f.op !== "eq" || f.path.schema || f.path.subAttr || !sameName(f.path.attr, "value") || typeof f.value !== "string") return null;
  return { op: "remove", key: `v:${f.value}` };
}

/**
 * Applies a run of KeyedChanges to `holder[def.name]` in one pass over the list: each change
 * costs what it names, not the list's length. Errors are per change (`wrap` adds which).
 */
export function applyKeyedRun(holder: ScimResource, def: AttributeDef, changes: KeyedChange[], wrap: (index: number, e: ScimError) => ScimError): void {
  const key = itemKey(def);
  const current = holder[def.name];
  const slots: unknown[] = Array.isArray(current) ? [...current] : [];
  const gone = new Set<number>();
  /** Where each value is in `slots`, first one first (a list may hold a value twice). */
  const at = new Map<string, number[]>();
  slots.forEach((el, i) => {
    const k = key(el);
    if (k !== null) (at.get(k) ?? at.set(k, []).get(k)!).push(i);
  });
  const drop = (k: string) => {
    for (const i of at.get(k) ?? []) gone.add(i);
    at.delete(k);
  };
  changes.forEach((change, index) => {
    try {
      if ("key" in change) return drop(change.key);
      const items = toItems(def, change.value, def.name);
      if (change.op === "remove") {
        for (const item of items) {
          const k = key(item);
          if (k !== null) drop(k);
        }
        return;
      }
      for (const item of dedupe(def, items)) {
        const k = key(item);
        const first = k === null ? undefined : at.get(k)?.[0];
        if (first === undefined) {
          if (k !== null) at.set(k, [slots.length]);
          slots.push(item);
        } else {
          slots[first] = { ...(slots[first] as ScimResource), ...item };
        }
      }
    } catch (e) {
      if (e instanceof ScimError) throw wrap(index, e);
      throw e;
    }
  });
  holder[def.name] = gone.size === 0 ? slots : slots.filter((_, i) => !gone.has(i));
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
  // A bare string is read as {value: …} in a list of references only: some clients send a group's
  // members as ["<id>"]. Elsewhere (emails, roles, …) a string is no list, refused as in a POST or
  // PUT (README): read as a value, `replace emails "x@…"` changed the member's address.
  const bareIds = needsValue && findAttribute(def.subAttributes, "$ref") !== undefined;
  return raw.map((item) => {
    const obj = typeof item === "string" && bareIds ? { value: item } : item;
    const merged = mergeComplex(def, {}, obj, where);
    if (needsValue && (typeof merged.value !== "string" || merged.value === "")) {
      invalidValue(`each value of "${def.name}" needs a non-empty "value"`);
    }
    return merged;
  });
}

/**
 * Which values are the same value, as a string to look up: by `value` (case per its caseExact)
 * when it has one, else by all of its JSON; null for what is the same as nothing. Looked up, not
 * compared pairwise: a group's members are thousands, and a PATCH of them runs under the team's lock.
 */
function itemKey(def: AttributeDef): (el: unknown) => string | null {
  const caseExact = findAttribute(def.subAttributes, "value")?.caseExact === true;
  return (el) => {
    if (!isPlainObject(el)) return null;
    const v = getAttr(el, "value");
    if (typeof v === "string") return `v:${caseExact ? v : v.toLowerCase()}`;
    return `j:${JSON.stringify(el)}`;
  };
}

/** Where each value first is in `list`, by itemKey. */
function indexByKey(def: AttributeDef, list: unknown[]): Map<string, number> {
  const key = itemKey(def);
  const at = new Map<string, number>();
  list.forEach((el, i) => {
    const k = key(el);
    if (k !== null && !at.has(k)) at.set(k, i);
  });
  return at;
}

function dedupe(def: AttributeDef, items: ScimResource[]): ScimResource[] {
  const out: ScimResource[] = [];
  const at = new Map<string, number>();
  const key = itemKey(def);
  for (const item of items) {
    const k = key(item);
    const i = k === null ? undefined : at.get(k);
    if (i === undefined) {
      if (k !== null) at.set(k, out.length);
      out.push(item);
    } else {
      out[i] = { ...out[i], ...item };
    }
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
