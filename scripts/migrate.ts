// npm run db:deploy — applies pending migrations to DATABASE_URL (embedded PGlite by default).
// A failing migration is rolled back whole and the process exits 1, leaving the data as it was.
import { databaseUrl, redactUrl } from "../lib/db/database-url";
import { migrateDatabase } from "../lib/db/migrations";

async function main() {
  const url = databaseUrl();
  const applied = await migrateDatabase(url);
  console.log(applied.length ? `Database ${redactUrl(url)}: applied ${applied.join(", ")}` : `Database ${redactUrl(url)}: up to date.`);
}

main().catch((e: unknown) => {
  // Not "start-up": this is no server starting, and the refusal may come before any migration ran
  // (an embedded folder a running server holds, a database that does not answer).
  console.error(`\nMigrations not applied: ${e instanceof Error ? e.message : String(e)}\nThe database was left as it was.`);
  process.exit(1);
});
