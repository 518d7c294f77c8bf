// Evaluates a value filter against one value of a multi-valued attribute, in memory: the
// `[type eq "work"]` in a PATCH path such as `emails[type eq "work"].value` (RFC 7644 §3.5.2).
import { formatAttrPath } from "./attr-path";
import type { Filter } from "./filter";
import { parseLenientBoolean } from "./lenient-boolean";
import { findAttribute, getAttr, type AttributeDef, type ScimResource } from "./resource-schemas";
import { compareConstant } from "./where-builder";

/**
 * True when `element` satisfies `filter`, whose paths name sub-attributes of the element.
 * String comparisons follow each sub-attribute's caseExact (ignoring case by default).
 * Throws ScimError 400 invalidFilter for comparisons that mean nothing (`primary gt true`).
 */
export function matchesFilter(element: ScimResource, filter: Filter, subAttributes: AttributeDef[] | undefined): boolean {
  switch (filter.op) {
    case "and":
      return filter.filters.every((f) => matchesFilter(element, f, subAttributes));
    case "or":
      return filter.filters.some((f) => matchesFilter(element, f, subAttributes));
    case "not":
      return !matchesFilter(element, filter.filter, subAttributes);
    case "valuePath":
      throw new Error("value filters cannot be nested"); // the parser never produces this inside [...]
  }
  const path = filter.path;
  if (path.schema || path.subAttr) return false; // sub-attributes of sub-attributes do not exist
  const def = findAttribute(subAttributes, path.attr);
  const raw = getAttr(element, path.attr);
  // RFC 7643 §2.4: a value that does not say `primary` is not the primary one. Stored lists keep
  // only `primary: true`, so without this `primary eq false` matched no value. `pr` still asks
  // whether it is there.
  const primaryUnsaid = raw == null && filter.op !== "pr" && def?.name === "primary";
  const actual = primaryUnsaid
    ? false
    : def?.type === "boolean" || typeof raw === "boolean"
      ? parseLenientBoolean(raw)
      : typeof raw === "string"
        ? raw
        : typeof raw === "number"
          ? String(raw)
          : undefined;
  // A filter on a boolean may also be written with Entra's string form: [primary eq "True"].
  const value = filter.op === "pr" ? undefined : typeof actual === "boolean" && typeof filter.value === "string" ? (parseLenientBoolean(filter.value) ?? filter.value) : filter.value;
  return compareConstant(actual, { attr: formatAttrPath(path) }, filter.op, value, def?.caseExact ?? false);
}
