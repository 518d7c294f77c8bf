// Database errors the domain layer and the SCIM and UI boundaries tell apart: Prisma's codes for
// model queries, PostgreSQL's SQLSTATE for raw statements on either path.
/** PostgreSQL's SQLSTATE of a raw statement's error: the driver's own (the direct path, direct-query.ts) or as Prisma wraps it (P2010). */
function sqlState(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("P")) return code;
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown; code?: unknown } } } }).meta?.driverAdapterError?.cause;
  if (code === "P2010" && typeof cause?.originalCode === "string") return cause.originalCode;
  // A model query's error PostgreSQL raised: adapter-pg's kind "postgres" keeps its SQLSTATE
  // (e.g. P2039 carrying 57P01, the connection terminated under a write).
  if (cause?.kind === "postgres" && typeof cause.code === "string" && /^[0-9A-Z]{5}$/.test(cause.code)) return cause.code;
  return undefined;
}

/** Prisma's own error code (P2002, P2034…), for a model query's or a transaction's error. */
const prismaCode = (e: unknown): unknown => (typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined);

// A unique violation arrives as P2002 from a model query, as P2010 wrapping the driver's 23505
// from $queryRaw, and as 23505 itself from the direct path.
export function isUniqueViolation(e: unknown): boolean {
  return prismaCode(e) === "P2002" || sqlState(e) === "23505";
}

/** A value a raw statement could not take (SQLSTATE class 22: invalid JSON, out of range…). */
export function isDataException(e: unknown): boolean {
  return sqlState(e)?.startsWith("22") ?? false;
}

/**
 * The database refused the row itself (SQLSTATE class 22, a value it cannot take, or 23, a
 * constraint: a foreign key to a team deleted since): writing the same row again fails again. Any
 * other failure (no SQLSTATE: the connection; a server shutting down) may pass on a later try.
 */
export function isRowRefused(e: unknown): boolean {
  return isDataException(e) || (sqlState(e)?.startsWith("23") ?? false);
}

/**
 * A serialization failure or deadlock: the caller may retry (SCIM answers 409 so the IdP does).
 * P2034 from a Prisma transaction; 40001 or 40P01 from a raw statement, on either path.
 */
export function isTransactionConflict(e: unknown): boolean {
  const state = sqlState(e);
  return prismaCode(e) === "P2034" || state === "40001" || state === "40P01";
}

/** A transaction that could not start, or run, within its bounds (lib/db/transaction-options.ts). */
export function isTransactionTimeout(e: unknown): boolean {
  return prismaCode(e) === "P2028";
}

// What says the database is away rather than that the statement was wrong, on each path: Node's
// socket errors (the direct path, pg itself), adapter-pg's kinds and Prisma's connection codes
// (P1001 unreachable, P1002 timed out, P1017 connection closed, P2024 no free connection in time),
// PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P (shutting down, starting up),
// 53300 (too many connections), and pg-pool's own timeouts, which carry only a message.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// pg's own word for a client whose connection failed under it, and the pool closed by a stop.
const POOL_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|is not queryable|Cannot use a pool after calling end on the pool|Query read timeout/;

/**
 * The database could not be reached, or dropped the connection: the same request may pass later
 * (SCIM answers 503, which IdPs retry), and it is no bug of the request's. Follows `cause` a few
 * levels, where a wrapper keeps the driver's error.
 */
export function isDatabaseUnreachable(e: unknown): boolean {
  let cur = e;
  for (let depth = 0; depth < 5 && typeof cur === "object" && cur !== null; depth++) {
    const x = cur as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: unknown };
    if (typeof x.code === "string" && (SOCKET_CODES.has(x.code) || PRISMA_CONNECTION_CODES.has(x.code))) return true;
    const state = sqlState(cur);
    if (state !== undefined && (state.startsWith("08") || state.startsWith("57P") || state === "53300")) return true;
    if (ADAPTER_KINDS.has(x.meta?.driverAdapterError?.cause?.kind as string)) return true;
    // Only for an error PostgreSQL did not answer: its messages can quote the request's values.
    if (state === undefined && typeof x.message === "string" && POOL_MESSAGES.test(x.message)) return true;
    cur = x.cause;
  }
  return false;
}
