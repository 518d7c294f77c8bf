// Prepared statements on PostgreSQL for the SCIM hot path. @prisma/adapter-pg sends each statement
// unnamed (parsed and planned on every execution) unless given names, and pg then prepares a named
// statement once per connection. Planning the SCIM lookup's statement took longer than running it
// (EXPLAIN ANALYZE); prepared, PostgreSQL's CPU per lookup halved in bench:hot-path (0.9 → 0.4–0.5 ms).
//
// Only statements marked PREPARED are named: a connection keeps every statement it prepared until
// it closes, and Prisma writes a new text for every shape of a SCIM filter and every length of a
// list of values, so naming every text let one SCIM token grow a PostgreSQL connection to 365 MB in
// a thousand requests (an attacker's review). The marked statements are few and fixed in shape.
import { directQueryFor } from "./direct-query";
import { Prisma } from "./generated/client";
import type { Db } from "./open";

const MARK = "/* gatehouse:prepared */";

/** What marks a statement to be prepared (queryPrepared puts it first). */
export const PREPARED = Prisma.raw(MARK);

/**
 * PostgreSQL's refusal of a prepared statement after a migration (another instance's, say)
 * changed the type of a column it returns; it plans the statement afresh on the next run.
 */
function isStalePlan(e: unknown): boolean {
  // From pg itself (the direct path), or wrapped by Prisma's adapter.
  const pgError = e as { code?: string; message?: string } | null;
  if (pgError?.code === "0A000" && /cached plan must not change result type/.test(pgError.message ?? "")) return true;
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === "0A000" && /cached plan must not change result type/.test(cause.originalMessage ?? "");
}

/**
 * A raw statement of fixed shape on a hot path, prepared once per connection; run once more when
 * a migration has changed what it returns since it was prepared, rather than failing the request.
 * The statement is a read or a single statement that failed whole, so running it again is safe.
 */
export async function queryPrepared<T>(db: Db, query: Prisma.Sql): Promise<T> {
  const marked = Prisma.sql`${PREPARED}
${query}`;
  // On PostgreSQL straight to the driver (direct-query.ts); a transaction client has no direct
  // path and goes through Prisma, on its transaction's connection.
  const direct = directQueryFor(db);
  const run = direct ? async () => (await direct(marked.text, marked.values)) as T : () => db.$queryRaw<T>(marked);
  try {
    return await run();
  } catch (e) {
    if (!isStalePlan(e)) throw e;
    return run();
  }
}

/**
 * A raw statement on a hot path that PostgreSQL must plan with its values on every run (unnamed),
 * where a prepared statement's generic plan would be wrong for some values (user-lookup.ts, the
 * lookup by address). Sent as queryPrepared's are, to the driver itself where there is a direct
 * path: through Prisma's client a lookup took 1.29–1.85 ms of the app's CPU in process against
 * 1.07–1.19 this way (bench/scim-in-process.ts --phases=email, README).
 */
export async function queryPlannedEachTime<T>(db: Db, query: Prisma.Sql): Promise<T> {
  const direct = directQueryFor(db);
  return direct ? ((await direct(query.text, query.values)) as T) : db.$queryRaw<T>(query);
}

/**
 * Off when the URL says `pgbouncer=true`, as Prisma's own engine read it: a pooler in transaction
 * mode may run a statement on a server connection that never prepared it.
 */
export const preparesStatements = (url: string): boolean => new URL(url).searchParams.get("pgbouncer") !== "true";

// A bound all the same, should a marked statement ever vary in text.
export const MAX_NAMED_STATEMENTS = 50;

/** The adapter's statementNameGenerator: one name per marked statement text, the same on every connection. */
export function statementNames(max = MAX_NAMED_STATEMENTS): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    if (!sql.includes(MARK)) return undefined as unknown as string;
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      // pg keys its per-connection cache by name and refuses one name for two texts: the name is
      // the text's position in this process's list, never reused for another text.
      name = `gh_${names.size}`;
      names.set(sql, name);
    }
    // Unnamed when not marked or past the bound (the adapter passes `name: undefined` on to pg).
    return name as string;
  };
}
