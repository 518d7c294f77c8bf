// The hot path's marked statements (statement-names.ts) sent to the driver itself: to pg here on
// PostgreSQL, to PGlite's wire protocol on the embedded database (pglite-direct-query.ts).
// Prisma's $queryRaw spends about 0.06 ms of CPU per statement on top of pg's own query (0.085
// against 0.025 ms, 5,000 statements at 10 at a time), more inside the server, and every SCIM
// request runs one or two of them: lookups went from about 950 to 1,270/s in bench:hot-path.
// Only these: raw SQL of fixed shape already, whose rows need nothing of Prisma's mapping but
// timestamps read as UTC and int8 as bigint. Keyed on globalThis: route handlers are bundled by
// Next, a separate copy of every module, and must find what scripts/start.ts's adapter registered.
export type DirectQuery = <T>(text: string, values: readonly unknown[]) => Promise<T[]>;

const slot = globalThis as unknown as { gatehouseDirectQueries?: WeakMap<object, DirectQuery> };
const registry = () => (slot.gatehouseDirectQueries ??= new WeakMap());

/** What `owner` (an adapter factory, or a PrismaClient on one) runs marked statements with. */
export function registerDirectQuery(owner: object, query: DirectQuery): void {
  registry().set(owner, query);
}

export const directQueryFor = (owner: object): DirectQuery | undefined => registry().get(owner);

// `timestamp` columns hold UTC (Prisma writes them so); pg would read them as local time. int8
// comes back as a bigint, as from Prisma's $queryRaw (pg gives a string).
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const parseUtcTimestamp = (value: string): Date => new Date(`${value.replace(" ", "T")}Z`);

/**
 * A parameter as Prisma's adapter would send it: pg writes a Date in the process's time zone
 * (wrong for a `timestamp` column, which holds UTC) and cannot write a bigint.
 */
export function driverValue(value: unknown): unknown {
  // Prisma's form: "2026-03-29 01:30:00.123", UTC.
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  if (typeof value === "bigint") return value.toString();
  return value;
}

// The column types read here as Prisma reads them: pg's own parser for the rest, and the two
// above. Others (date, numeric, arrays, enums, timestamptz…) differ, so a statement that returns
// one is refused (cast it, e.g. to text, or read it through Prisma).
const READ_AS_PRISMA = new Set([
  16, // bool
  20, // int8
  21, // int2
  23, // int4
  25, // text
  114, // json
  700, // float4
  701, // float8
  1043, // varchar
  TIMESTAMP_OID,
  3802, // jsonb
]);

/** Throws, naming the column, if a statement returned a type the direct path does not read as Prisma does. */
export function assertReadAsPrisma(fields: readonly { name: string; dataTypeID: number }[]): void {
  const other = fields.find((f) => !READ_AS_PRISMA.has(f.dataTypeID));
  if (other) throw new Error(`queryPrepared: column "${other.name}" has type OID ${other.dataTypeID}, which lib/db/direct-query.ts does not read as Prisma does`);
}

type Format = "text" | "binary";
export type TypeParsers = { getTypeParser: (oid: number, format?: Format) => (value: string) => unknown };

/** Types for pg's query config: its own parsers, but rows read as Prisma's $queryRaw reads them. */
export function rawResultTypes(base: TypeParsers): TypeParsers {
  return {
    getTypeParser: (oid, format) => {
      if (format === "binary") return base.getTypeParser(oid, format);
      if (oid === TIMESTAMP_OID) return parseUtcTimestamp;
      if (oid === INT8_OID) return (value) => BigInt(value);
      return base.getTypeParser(oid, format);
    },
  };
}

type PgPool = {
  query(config: { text: string; values: unknown[]; name?: string; types: TypeParsers }): Promise<{ rows: unknown[]; fields: { name: string; dataTypeID: number }[] }>;
};

/**
 * The direct path on a pg pool: statements named by `names` (the same generator Prisma's adapter
 * uses on that pool, so a connection prepares each text once whichever path runs it first), or
 * unnamed without it (pgbouncer=true).
 */
export function pgDirectQuery(pool: PgPool, pgTypes: TypeParsers, names?: (query: { sql: string }) => string): DirectQuery {
  const types = rawResultTypes(pgTypes);
  return async <T,>(text: string, values: readonly unknown[]) => {
    const result = await pool.query({ text, values: values.map(driverValue), name: names?.({ sql: text }), types });
    assertReadAsPrisma(result.fields);
    return result.rows as T[];
  };
}
