// A PostgreSQL database of a test's own, on the server of the development machines and CI
// (127.0.0.1:5432, trust auth; GATEHOUSE_TEST_POSTGRES_URL to use another), for tests that need a
// whole database rather than a schema: database-wide advisory locks, db:move's empty target.
import crypto from "node:crypto";
import pg from "pg";

/** The PostgreSQL server tests use even in the embedded run (one read of its setting, one default). */
export const TEST_POSTGRES_SERVER_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const ADMIN_URL = TEST_POSTGRES_SERVER_URL;

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type OwnDatabase = { url: string; drop: () => Promise<void> };

/** Creates an empty database named `prefix` and a random suffix. */
export async function createOwnDatabase(prefix: string): Promise<OwnDatabase> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
