// Prepared statements on PostgreSQL for the SCIM hot path. @prisma/adapter-pg sends each statement
// unnamed (parsed and planned on every execution) unless given names, and pg then prepares a named
// statement once per connection. Planning the SCIM lookup's statement took longer than running it
// (EXPLAIN ANALYZE); prepared, PostgreSQL's CPU per lookup halved in bench:hot-path (0.9 → 0.4–0.5 ms).
//
// Only statements marked PREPARED are named: a connection keeps every statement it prepared until
// it closes, and Prisma writes a new text for every shape of a SCIM filter and every length of a
// list of values, so naming every text let one SCIM token grow a PostgreSQL connection to 365 MB in
// a thousand requests (an attacker's review). The marked statements are few and fixed in shape.
import { Prisma } from "./generated/client";

const MARK = "/* gatehouse:prepared */";

/** Put first in a raw statement of fixed shape that runs on a hot path: it is prepared once per connection. */
export const PREPARED = Prisma.raw(MARK);

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
