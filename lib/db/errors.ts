// Prisma error codes the domain layer turns into its own errors.
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
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
