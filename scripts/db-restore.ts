// npm run db:restore -- <file>
// Replaces every row of the database with the backup's, in one transaction (all or nothing), then
// checks each table's row count and ids against the backup. What it replaced is backed up first.
// Works while the server runs (it does the restore) or on a stopped or brand-new database.
import { databaseUrl, redactUrl } from "../lib/db/database-url";
import { operatorPath, runDbCommand, type SnapshotResult } from "./lib/db-commands";

const arg = process.argv[2];
if (!arg) {
  console.error("usage: npm run db:restore -- <backup file>");
  process.exit(64);
}
try {
  const r = await runDbCommand<SnapshotResult & { previous: string }>("restore", { file: operatorPath(arg) });
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`Restored ${redactUrl(databaseUrl())} from ${r.file}: ${rows} rows in ${r.tables.length} tables, counts and ids verified.`);
  console.log(`The data it replaced was saved to ${r.previous}`);
} catch (e) {
  console.error(`Restore failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
