// Race tests need writes that really run at once, which PGlite (one statement at a time) cannot
// give: their files run on the PostgreSQL server of the development machines and CI whatever
// DATABASE_URL says, each in a schema of its own there (test-database.ts), with a connection of
// their own to watch, from outside the code under test, who waits for whose lock (postgres-locks.ts).
import { after, before } from "node:test";
import pg from "pg";
import { TEST_POSTGRES_SERVER_URL } from "./own-postgres-database";
import type { TestDatabase } from "./test-database";

export function onPostgresServer(): Promise<{ t: TestDatabase; admin: pg.Client }>;
export function onPostgresServer(options: { admin: false }): Promise<{ t: TestDatabase }>;
/**
 * Points DATABASE_URL at the test PostgreSQL server: await it before importing anything that reads
 * it. `t` is the file's database, opened before its tests and dropped after them; `admin` (unless
 * `{ admin: false }`) a connection to the server, open as long.
 */
export async function onPostgresServer(options: { admin?: boolean } = {}): Promise<{ t: TestDatabase; admin?: pg.Client }> {
  process.env.DATABASE_URL = TEST_POSTGRES_SERVER_URL;
  const { createTestDatabase } = await import("./test-database");
  // Filled in once open: the file's tests read `t.db` only after the `before` hook has run.
  const t = {} as TestDatabase;
  const admin = options.admin === false ? undefined : new pg.Client({ connectionString: TEST_POSTGRES_SERVER_URL });
  before(async () => {
    Object.assign(t, await createTestDatabase());
    await admin?.connect();
  });
  after(async () => {
    await admin?.end();
    await t.close();
  });
  return { t, admin };
}
