// npm run db:backup [-- <file>]
// Writes a consistent snapshot of the database (every row, taken in one transaction) to <file>,
// default $GATEHOUSE_DATA_DIR/backups/gatehouse-<time>.gatehouse-backup.gz. Safe while the server
// runs: on the embedded database the running server takes it.
import { redactUrl, databaseUrl } from "../lib/db/database-url";
import { defaultBackupFile, operatorPath, runDbCommand, type SnapshotResult } from "./lib/db-commands";

const arg = process.argv[2];
const file = arg ? operatorPath(arg) : defaultBackupFile();
try {
  const r = await runDbCommand<SnapshotResult>("backup", { file });
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`Backed up ${redactUrl(databaseUrl())}: ${rows} rows in ${r.tables.length} tables (schema: ${r.migrations} migrations).`);
  console.log(r.file);
} catch (e) {
  console.error(`Backup failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
