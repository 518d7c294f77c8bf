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
  console.error(`\nStart-up stopped: ${e instanceof Error ? e.message : String(e)}\nNothing was changed by the failed migration.`);
  process.exit(1);
});
