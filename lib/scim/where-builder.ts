// Shared pieces for turning a filter AST into a Prisma `where` (user-filter-to-where.ts,
// group-filter-to-where.ts). Conditions are folded to constants where the answer is known
// (e.g. `emails.type eq "work"`, always true here), so no `{}` or `NOT: {}` reaches Prisma.
import { formatAttrPath, type AttrPath } from "./attr-path";
import { ScimError } from "./errors";
import type { CompareOp, CompValue, Filter } from "./filter";

/** A where clause, or a constant when the filter decides without the database. */
export type Cond<W> = W | boolean;

type Logical<W> = { AND?: W | W[]; OR?: W[]; NOT?: W | W[] };

export function invalidFilter(detail: string): never {
  throw new ScimError(400, "invalidFilter", detail);
}

export const unsupported = (path: AttrPath): never =>
  invalidFilter(`Filtering on "${formatAttrPath(path)}" is not supported`);

/** A comparison, `pr` or value path: the nodes that name an attribute. */
export type FilterLeaf = Extract<Filter, { path: AttrPath }>;

/** Walks and/or/not, folding constants; every other node goes to `leaf`. */
export function foldFilter<W extends Logical<W>>(filter: Filter, leaf: (f: FilterLeaf) => Cond<W>): Cond<W> {
  switch (filter.op) {
    case "and":
      return and(filter.filters.map((f) => foldFilter(f, leaf)));
    case "or":
      return or(filter.filters.map((f) => foldFilter(f, leaf)));
    case "not":
      return not(foldFilter(filter.filter, leaf));
    default:
      return leaf(filter);
  }
}

export function and<W extends Logical<W>>(conds: Cond<W>[]): Cond<W> {
  if (conds.includes(false)) return false;
  const rest = conds.filter((c): c is W => c !== true);
  if (rest.length === 0) return true;
  return rest.length === 1 ? rest[0]! : ({ AND: rest } as W);
}

export function or<W extends Logical<W>>(conds: Cond<W>[]): Cond<W> {
  if (conds.includes(true)) return true;
  const rest = conds.filter((c): c is W => c !== false);
  if (rest.length === 0) return false;
  return rest.length === 1 ? rest[0]! : ({ OR: rest } as W);
}

export function not<W extends Logical<W>>(cond: Cond<W>): Cond<W> {
  return typeof cond === "boolean" ? !cond : ({ NOT: cond } as W);
}

/** Prisma renders contains/startsWith/endsWith and insensitive equals as (I)LIKE without escaping. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type StringColumn = {
  /** Case-sensitive comparisons (RFC 7643 caseExact). Otherwise `mode: "insensitive"`, unless… */
  caseExact: boolean;
  /** …the column already holds a lower-cased copy: compare it with this normalisation of the value. */
  normalize?: (value: string) => string;
  nullable: boolean;
};

type StringFilterObject = Record<string, unknown>;

/**
 * One SCIM comparison on a string column. `wrap` places the column filter in the where tree, e.g.
 * `(f) => ({ user: { name: f } })`. Nullable columns get an IS NOT NULL guard so the SQL stays
 * two-valued: without it `not (externalId eq "x")` would silently skip members with no externalId.
 */
export function stringCondition<W extends Logical<W>>(
  wrap: (f: StringFilterObject | null) => W,
  column: StringColumn,
  path: AttrPath,
  op: CompareOp | "pr",
  value: CompValue | undefined,
): Cond<W> {
  const guard = column.nullable ? { not: null } : {};
  if (op === "pr") {
    // RFC 7644 §3.4.2.2: present means a non-empty value.
    return column.nullable ? and<W>([wrap(guard), not(wrap({ equals: "" }))]) : true;
  }
  if (value === null) {
    // `eq null` asks for "no value"; ordering against null means nothing.
    if (op !== "eq" && op !== "ne") invalidFilter(`"${formatAttrPath(path)} ${op} null" compares nothing`);
    const isNull: Cond<W> = column.nullable ? wrap(null) : false;
    return op === "eq" ? isNull : not(isNull);
  }
  if (typeof value !== "string") invalidFilter(`"${formatAttrPath(path)}" is compared with a string, got ${JSON.stringify(value)}`);

  const lowered = column.normalize !== undefined;
  const insensitive = !column.caseExact && !lowered ? { mode: "insensitive" } : {};
  // A partial match against a key column compares as the keys are kept (normalize.ts): lower case
  // and NFC, so a decomposed "é" in `sw`/`co`/`ew`/`gt` finds the composed one. Not trimmed: in a
  // substring the spaces count.
  const v = lowered ? value.toLowerCase().normalize("NFC") : value;
  const like = (key: string) => wrap({ ...guard, [key]: escapeLike(v), ...insensitive });
  switch (op) {
    case "eq":
    case "ne": {
      const eq = lowered
        ? wrap({ ...guard, equals: column.normalize!(value) })
        : column.caseExact
          ? wrap({ ...guard, equals: value })
          : like("equals");
      return op === "eq" ? eq : not(eq);
    }
    case "co":
      return like("contains");
    case "sw":
      return like("startsWith");
    case "ew":
      return like("endsWith");
    case "gt":
    case "ge":
    case "lt":
    case "le":
      return wrap({ ...guard, [prismaOrder[op]]: v, ...insensitive });
  }
}

const prismaOrder = { gt: "gt", ge: "gte", lt: "lt", le: "lte" } as const;

const MIN_DATE = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_DATE = Date.parse("9999-12-31T23:59:59.999Z");

/** A comparison on a non-null DateTime column (meta.created, meta.lastModified). */
export function dateCondition<W extends Logical<W>>(
  wrap: (f: Record<string, Date>) => W,
  path: AttrPath,
  op: CompareOp | "pr",
  value: CompValue | undefined,
): Cond<W> {
  if (op === "pr") return true;
  if (op === "co" || op === "sw" || op === "ew") {
    invalidFilter(`"${op}" does not apply to the date-time "${formatAttrPath(path)}"`);
  }
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    invalidFilter(`"${formatAttrPath(path)}" is compared with an ISO 8601 date-time string, got ${JSON.stringify(value)}`);
  }
  // Year 0 and years past 9999 are valid JavaScript dates but not PostgreSQL timestamps (or not
  // ones Prisma can write as ISO 8601): out of range is a bad filter, not a database error.
  if (date.getTime() < MIN_DATE || date.getTime() > MAX_DATE) {
    invalidFilter(`"${formatAttrPath(path)}" is compared with ${JSON.stringify(value)}, outside 0001-01-01 to 9999-12-31`);
  }
  switch (op) {
    case "eq":
      return wrap({ equals: date });
    case "ne":
      return not(wrap({ equals: date }));
    default:
      return wrap({ [prismaOrder[op]]: date });
  }
}

/**
 * Evaluates a comparison on a value known without the database (`emails.type` is always "work").
 * Booleans support eq/ne only; strings every operator (RFC 7644 §3.4.2.2 lexical order).
 */
export function compareConstant(
  actual: string | boolean | undefined,
  path: AttrPath,
  op: CompareOp | "pr",
  value: CompValue | undefined,
  caseExact = false,
): boolean {
  if (op === "pr") return actual !== undefined && actual !== "";
  if (value === null) {
    if (op === "eq") return actual === undefined;
    if (op === "ne") return actual !== undefined;
    return invalidFilter(`"${formatAttrPath(path)} ${op} null" compares nothing`);
  }
  if (typeof actual === "boolean" || typeof value === "boolean") {
    if (typeof value !== "boolean") invalidFilter(`"${formatAttrPath(path)}" is compared with true or false, got ${JSON.stringify(value)}`);
    if (op === "eq") return actual === value;
    if (op === "ne") return actual !== value;
    return invalidFilter(`"${op}" does not apply to the boolean "${formatAttrPath(path)}"`);
  }
  if (typeof value !== "string") invalidFilter(`"${formatAttrPath(path)}" is compared with a string, got ${JSON.stringify(value)}`);
  if (actual === undefined) return op === "ne";
  const a = caseExact ? actual : actual.toLowerCase();
  const v = caseExact ? value : value.toLowerCase();
  switch (op) {
    case "eq":
      return a === v;
    case "ne":
      return a !== v;
    case "co":
      return a.includes(v);
    case "sw":
      return a.startsWith(v);
    case "ew":
      return a.endsWith(v);
    case "gt":
      return a > v;
    case "ge":
      return a >= v;
    case "lt":
      return a < v;
    case "le":
      return a <= v;
  }
}

/** A filter leaf's operator and value, whatever its kind. */
export function leafParts(f: FilterLeaf): { op: CompareOp | "pr"; value: CompValue | undefined } {
  if (f.op === "pr") return { op: "pr", value: undefined };
  if (f.op === "valuePath") return invalidFilter(`"${formatAttrPath(f.path)}[…]" cannot be used here`);
  return { op: f.op, value: f.value };
}

/** The final where: a constant true needs no clause; false must still match nothing. */
export function finish<W>(cond: Cond<W>, matchNothing: W): W | undefined {
  if (cond === true) return undefined;
  if (cond === false) return matchNothing;
  return cond;
}

/**
 * A filter as a where over one team's rows: `{ teamId }` AND the filter, so a filter can never
 * reach another team's. Throws ScimError 400 invalidFilter (via `leaf`) for what cannot be filtered.
 */
export function teamScopedWhere<W extends Logical<W>>(
  filter: Filter | undefined,
  teamId: string,
  leaf: (f: FilterLeaf) => Cond<W>,
): { teamId: string } | { AND: [{ teamId: string }, W | { id: { in: string[] } }] } {
  const cond: Cond<W> = filter ? foldFilter<W>(filter, leaf) : true;
  const where = finish<W | { id: { in: string[] } }>(cond, { id: { in: [] } });
  return where ? { AND: [{ teamId }, where] } : { teamId };
}
