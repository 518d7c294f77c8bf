// The hot path's marked statements (statement-names.ts) on the embedded database, sent as wire
// protocol messages to PGlite itself rather than through Prisma and PGlite's query(). query() sends
// a statement as six separate exchanges (parse, describe, bind, describe, execute, sync) and has
// PostgreSQL parse and plan it every time: 720 µs for the SCIM lookup's statement against 170 µs
// for a statement prepared once and run as one exchange (bind, describe, execute, sync). No
// library does this (pglite-prisma-adapter has no prepared statements), so it is written here.
import type { PGlite } from "@electric-sql/pglite";
import { assertReadAsPrisma, driverValue, rawResultTypes, type DirectQuery, type TypeParsers } from "./direct-query";
import { nextTurn } from "./pglite-turns";

type Serialize = typeof import("@electric-sql/pglite").protocol.serialize;
type Field = { name: string; dataTypeID: number; format: number };
type Message = { name: string; fields?: unknown[] };

/**
 * A parameter as text, as pg writes it, for the kinds the marked statements pass: scalars, and
 * flat arrays of them as PostgreSQL array literals (every element quoted, as pg quotes them).
 * Others (nested arrays, objects, buffers) are refused rather than guessed.
 */
function parameterText(value: unknown, inArray = false): string | null {
  const v = driverValue(value);
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && !inArray) return arrayLiteral(v);
  throw new Error(`queryPrepared: a parameter of type ${Array.isArray(v) ? "nested array" : typeof v} is not sent by lib/db/pglite-direct-query.ts`);
}

function arrayLiteral(items: readonly unknown[]): string {
  const element = (item: unknown) => {
    const text = parameterText(item, true);
    return text === null ? "NULL" : `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  };
  return `{${items.map(element).join(",")}}`;
}

/**
 * The direct path on `db`: statements named by `names` are prepared on first use and run by name
 * after that; past its bound, a statement is parsed every time, unnamed.
 */
export function pgliteDirectQuery(
  db: PGlite,
  { serialize, types: pgTypes, names }: { serialize: Serialize; types: TypeParsers; names: (query: { sql: string }) => string },
): DirectQuery {
  const types = rawResultTypes(pgTypes);
  const prepared = new Set<string>();
  return async <T,>(text: string, values: readonly unknown[]) => {
    const name = names({ sql: text }) ?? "";
    // Close first: PostgreSQL keeps a statement whose Parse succeeded even when its first Bind or
    // Execute failed, and parsing that name again would then fail on every request.
    const parse = name === "" || !prepared.has(name) ? [serialize.close({ type: "S", name }), serialize.parse({ name, text, types: [] })] : [];
    const message = Buffer.concat([
      ...parse,
      serialize.bind({ statement: name, values: values.map((v) => parameterText(v)) }),
      serialize.describe({ type: "P" }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    // As every statement of the app's on PGlite: first a turn of the event loop, so the network is
    // read between statements (pglite-turns.ts). Then PGlite's own two locks, as its query() takes
    // them: never inside another request's open transaction, never beside another statement.
    await nextTurn();
    await db._checkReady();
    let messages: Message[];
    try {
      ({ messages } = await db._runExclusiveTransaction(() => db._runExclusiveQuery(() => db.execProtocol(message))));
    } catch (e) {
      // Prepared afresh next time: after a migration changed what the statement returns, its
      // prepared plan is refused on every run (statement-names.ts runs it once more).
      prepared.delete(name);
      throw e;
    }
    if (name !== "") prepared.add(name);
    return rowsOf<T>(messages, types);
  };
}

/** The rows of one statement's answer, each value read by its column's type as Prisma reads it. */
function rowsOf<T>(messages: Message[], types: TypeParsers): T[] {
  const description = messages.find((m) => m.name === "rowDescription");
  if (!description) return [];
  const fields = description.fields as Field[];
  assertReadAsPrisma(fields);
  const parsers = fields.map((f) => types.getTypeParser(f.dataTypeID, f.format === 1 ? "binary" : "text"));
  const rows: T[] = [];
  for (const m of messages) {
    if (m.name !== "dataRow") continue;
    const row: Record<string, unknown> = {};
    (m.fields as (string | null)[]).forEach((value, i) => {
      row[fields[i]!.name] = value === null ? null : parsers[i]!(value);
    });
    rows.push(row as T);
  }
  return rows;
}
