// db:move's second half: fills an EMPTY PostgreSQL database from a snapshot of the embedded one.
// The schema comes from the same migrations (so it is the one the app expects), the rows load in
// one transaction, and each table's row count and primary-key digest are checked against the
// snapshot inside that transaction and again after it committed, from a fresh connection.
import { createAdapter } from "./adapter";
import { databaseKind, redactUrl } from "./database-url";
import { applyMigrations } from "./migrations";
import { SnapshotError, databaseSummary, loadSnapshot, type SnapshotHeader } from "./snapshot";

export async function moveSnapshotToPostgres(file: string, targetUrl: string): Promise<SnapshotHeader> {
  if (databaseKind(targetUrl) !== "postgres") throw new SnapshotError(`The target must be a postgresql:// URL, not ${redactUrl(targetUrl)}`);
  const target = await createAdapter(targetUrl);
  try {
    const existing = await target.transaction((sql) =>
      sql.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1`,
      ),
    );
    // A database an earlier, failed move migrated (and left without rows) is still empty enough.
    if (existing.length && !existing.some((t) => t.name === "_prisma_migrations")) {
      throw new SnapshotError(
        `The target database is not empty (it has ${existing.slice(0, 5).map((t) => t.name).join(", ")}${existing.length > 5 ? ", …" : ""}); db:move only fills an empty database`,
      );
    }
    await applyMigrations(target);
    const header = await loadSnapshot(target, file, "into-empty");
    const now = new Map((await databaseSummary(target)).map((t) => [t.name, t]));
    for (const t of header.tables) {
      const got = now.get(t.name);
      if (!got || got.rows !== t.rows || got.digest !== t.digest) throw new SnapshotError(`Table ${t.name} differs after the move`);
    }
    return header;
  } finally {
    await target.close();
  }
}
