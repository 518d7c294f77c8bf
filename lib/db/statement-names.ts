// Prepared statements on PostgreSQL: @prisma/adapter-pg sends each statement unnamed (parsed and
// planned on every execution) unless given names, and pg then prepares a named statement once per
// connection. Planning the SCIM lookup's statement took longer than running it (EXPLAIN ANALYZE);
// with names, PostgreSQL's CPU per lookup halved in bench:hot-path (0.9 → 0.4–0.5 ms).

/**
 * Off when the URL says `pgbouncer=true`, as Prisma's own engine read it: a pooler in transaction
 * mode may run a statement on a server connection that never prepared it.
 */
export const preparesStatements = (url: string): boolean => new URL(url).searchParams.get("pgbouncer") !== "true";

// Most statements a process names: a connection keeps every statement it prepared until it closes,
// and statements with lists of values (IN ($1, $2, …)) come in many lengths. Past the bound, a new
// statement text is sent unnamed, as without names.
export const MAX_NAMED_STATEMENTS = 1000;

/** The adapter's statementNameGenerator: one name per statement text, the same on every connection. */
export function statementNames(max = MAX_NAMED_STATEMENTS): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      // pg keys its per-connection cache by name and refuses one name for two texts: the name is
      // the text's position in this process's list, never reused for another text.
      name = `gh_${names.size}`;
      names.set(sql, name);
    }
    // Unnamed past the bound (the adapter passes `name: undefined` on to pg).
    return name as string;
  };
}
