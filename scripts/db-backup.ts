// npm run db:backup [-- <file>]
// Writes a consistent snapshot of the database (every row, taken in one transaction) to <file>,
// default $GATEHOUSE_DATA_DIR/backups/gatehouse-<time>.gatehouse-backup.gz. Safe while the server
// runs: on the embedded database the running server takes it.
import fs from "node:fs";
import { databaseKind, databaseUrl, pgliteDir, redactUrl } from "../lib/db/database-url";
import { defaultBackupFile, operatorPath, runDbCommand, type SnapshotResult } from "./lib/db-commands";

const arg = process.argv[2];
const file = arg ? operatorPath(arg) : defaultBackupFile();
// Opening a folder that is not there makes a new, empty database: a mistyped GATEHOUSE_DATA_DIR
// "backed up" 0 rows and said so as a success (found by review).
const dir = databaseKind() === "pglite" ? pgliteDir(databaseUrl()) : null;
if (dir && !fs.existsSync(dir)) {
  console.error(`Backup failed: there is no embedded database at ${dir}. Check GATEHOUSE_DATA_DIR (or DATABASE_URL).`);
  process.exit(1);
}
try {
  const r = await runDbCommand<SnapshotResult>("backup", { file });
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`Backed up ${redactUrl(databaseUrl())}: ${rows} rows in ${r.tables.length} tables (schema: ${r.migrations} migrations).`);
  console.log(r.file);
} catch (e) {
  console.error(`Backup failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
