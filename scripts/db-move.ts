// npm run db:move -- postgresql://user:password@host:5432/database
// Copies the embedded database (DATABASE_URL, default $GATEHOUSE_DATA_DIR/pglite) into an EMPTY
// PostgreSQL database: same schema (the same migrations), every row, row counts and ids verified.
// A non-empty target is refused. Works while the server runs (it takes the snapshot); the
// embedded folder is left as it was.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseKind, databaseUrl, redactUrl } from "../lib/db/database-url";
import { moveSnapshotToPostgres } from "../lib/db/move-to-postgres";
import { runDbCommand, type SnapshotResult } from "./lib/db-commands";

const target = process.argv[2];
if (!target || databaseKind(target) !== "postgres") {
  console.error("usage: npm run db:move -- postgresql://user:password@host:5432/database");
  process.exit(64);
}
const source = databaseUrl();
if (databaseKind(source) !== "pglite") {
  console.error(`DATABASE_URL is already PostgreSQL (${redactUrl(source)}); db:move copies the embedded database.`);
  process.exit(64);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-move-"));
try {
  const file = path.join(tmp, "snapshot.gatehouse-backup.gz");
  await runDbCommand<SnapshotResult>("backup", { file }, source);
  const header = await moveSnapshotToPostgres(file, target);
  const width = Math.max(...header.tables.map((t) => t.name.length));
  for (const t of header.tables) console.log(`  ${t.name.padEnd(width)}  ${t.rows}`);
  console.log(`\nMoved ${redactUrl(source)} to ${redactUrl(target)}: row counts and ids verified in ${header.tables.length} tables.`);
  console.log(`Next: stop the server, set DATABASE_URL to the new database, start again (keep GATEHOUSE_DATA_DIR: its generated secrets sign today's sessions).`);
  console.log("SAML connections live in jackson's own store and are not moved: enter the IdP metadata again on each team's SSO page.");
} catch (e) {
  console.error(`Move failed, no rows were written to the target: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
