// Prisma error codes the domain layer turns into its own errors.
// A unique violation arrives as P2002 from a model query, as P2010 wrapping the driver's 23505
// from $queryRaw, and as 23505 itself from the direct path (direct-query.ts).
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (code === "P2002" || code === "23505") return true;
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta?.driverAdapterError?.cause;
  return code === "P2010" && cause?.originalCode === "23505";
}

/** A serialization failure or deadlock: the caller may retry (SCIM answers 409 so the IdP does). */
export function isTransactionConflict(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === "P2034";
}

/** A transaction that could not start, or run, within its bounds (lib/db/transaction-options.ts). */
export function isTransactionTimeout(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === "P2028";
}
