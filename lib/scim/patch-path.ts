// PATCH "path" (RFC 7644 §3.5.2, Figure 7): PATH = attrPath / valuePath [subAttr], where an
// attrPath may carry a schema URN prefix and a URN alone names a whole extension.
import { parseAttrPath } from "./attr-path";
import { ScimError } from "./errors";
import { parseFilter, type Filter } from "./filter";
import { matchExtensionKey, type ResourceSchema } from "./resource-schemas";

export type PatchPath = {
  /** Schema URN as written; undefined for the core schema. */
  schema?: string;
  /** Undefined when the path is an extension URN alone (the whole extension object). */
  attr?: string;
  subAttr?: string;
  /** Value selection filter on a multi-valued attribute: `members[value eq "…"]`. */
  filter?: Filter;
};

export const invalidPath = (detail: string): never => {
  throw new ScimError(400, "invalidPath", detail);
};

export function parsePatchPath(text: string, resource: ResourceSchema): PatchPath {
  const trimmed = text.trim();
  const ext = matchExtensionKey(resource, trimmed);
  if (ext && ext.rest === undefined) {
    if (ext.ext === resource.core) invalidPath(`"${text}" names the resource's schema, not an attribute`);
    return { schema: ext.ext.id };
  }

  const open = trimmed.indexOf("[");
  if (open < 0) {
    const path = parseAttrPath(trimmed);
    return path ?? invalidPath(`"${text}" is not a valid attribute path`);
  }
  // Quoted values may contain "]"; only ".subAttr" may follow the filter, so the last "]" closes it.
  const close = trimmed.lastIndexOf("]");
  if (close < open) invalidPath(`"${text}" has an unclosed "["`);
  const head = parseAttrPath(trimmed.slice(0, open));
  if (!head || head.subAttr) invalidPath(`"${trimmed.slice(0, open)}" in "${text}" is not a multi-valued attribute name`);
  const tail = trimmed.slice(close + 1);
  let subAttr: string | undefined;
  if (tail) {
    const sub = tail.startsWith(".") ? parseAttrPath(tail.slice(1)) : undefined;
    if (!sub || sub.schema || sub.subAttr) invalidPath(`"${tail}" after the filter in "${text}" is not a sub-attribute`);
    subAttr = sub!.attr;
  }
  let filter: Filter;
  try {
    filter = parseFilter(trimmed.slice(open + 1, close));
  } catch (e) {
    if (e instanceof ScimError) invalidPath(`the filter in "${text}" is invalid: ${e.detail.replace(/^Invalid filter: /, "")}`);
    throw e;
  }
  if (hasValuePath(filter)) invalidPath(`value filters in "${text}" cannot be nested`);
  return { ...head!, ...(subAttr && { subAttr }), filter };
}

const hasValuePath = (f: Filter): boolean =>
  f.op === "valuePath" || (f.op === "not" ? hasValuePath(f.filter) : f.op === "and" || f.op === "or" ? f.filters.some(hasValuePath) : false);
