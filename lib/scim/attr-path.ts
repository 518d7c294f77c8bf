// attrPath = [URI ":"] ATTRNAME *1subAttr (RFC 7644 §3.4.2.2, shared by filters, PATCH paths and
// the attributes/excludedAttributes parameters). Names keep the caller's spelling: SCIM attribute
// names are case-insensitive (RFC 7643 §2.1), so consumers compare with sameName().

export type AttrPath = {
  /** The schema URN when the path was fully qualified (core or extension), as written. */
  schema?: string;
  attr: string;
  subAttr?: string;
};

const NAME = "[A-Za-z$][\\w$-]*";
// URN is greedy up to the last colon: attribute names cannot contain ":", URNs ("…:2.0:User") can.
const ATTR_PATH = new RegExp(`^(?:(urn:[^\\s"()\\[\\]]+):)?(${NAME})(?:\\.(${NAME}))?$`, "i");

export function parseAttrPath(text: string): AttrPath | undefined {
  const m = ATTR_PATH.exec(text.trim());
  if (!m) return undefined;
  const [, schema, attr, subAttr] = m;
  return { ...(schema && { schema }), attr: attr!, ...(subAttr && { subAttr }) };
}

export const sameName = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export const formatAttrPath = (p: AttrPath): string =>
  `${p.schema ? `${p.schema}:` : ""}${p.attr}${p.subAttr ? `.${p.subAttr}` : ""}`;

/** The key of `obj` matching `name` case-insensitively (exact spelling first). */
export function findKey(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}
