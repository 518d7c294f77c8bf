// Prepared statements on a real PostgreSQL connection (statement-names.ts): a marked statement is
// prepared once per connection, nothing else is, and nothing with pgbouncer=true. One connection
// (connection_limit=1), so that pg_prepared_statements, which is per session, sees them all.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "./open";
import crypto from "node:crypto";
import pg from "pg";
import { Prisma } from "./generated/client";
import { PREPARED, queryPrepared } from "./statement-names";

const SERVER = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

async function preparedAfterTwoOfEach(params: string): Promise<{ marked: number; unmarked: number }> {
  const url = new URL(SERVER);
  url.search = params;
  const { db, close } = await openDatabase(url.toString());
  try {
    for (let i = 0; i < 2; i++) {
      await db.$queryRaw`${PREPARED} SELECT ${i}::int AS n, 'statement-names test: marked' AS what`;
      await db.$queryRaw`SELECT ${i}::int AS n, 'statement-names test: unmarked' AS what`;
    }
    const count = async (what: string) =>
      Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE ${`%${what}' AS what%`}`)[0]!.n);
    return { marked: await count("statement-names test: marked"), unmarked: await count("statement-names test: unmarked") };
  } finally {
    await close();
  }
}

describe("prepared statements on PostgreSQL", () => {
  it("prepares a marked statement once on its connection, and no other", async () => {
    assert.deepEqual(await preparedAfterTwoOfEach("connection_limit=1"), { marked: 1, unmarked: 0 });
  });

  it("prepares none with pgbouncer=true", async () => {
    assert.deepEqual(await preparedAfterTwoOfEach("connection_limit=1&pgbouncer=true"), { marked: 0, unmarked: 0 });
  });
});

describe("queryPrepared", () => {
  it("answers after another session's migration changed a column type the statement returns", async () => {
    // A table of this test's own, altered from another session as another instance's migration would.
    const schema = `gh_stale_plan_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    const url = new URL(SERVER);
    url.search = "connection_limit=1";
    const { db, close } = await openDatabase(url.toString());
    try {
      await admin.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (name varchar(10)); INSERT INTO ${schema}.t VALUES ('ann')`);
      const read = () => queryPrepared<{ name: string }[]>(db, Prisma.sql`SELECT name FROM ${Prisma.raw(schema)}.t`);
      assert.deepEqual(await read(), [{ name: "ann" }]);
      await admin.query(`ALTER TABLE ${schema}.t ALTER COLUMN name TYPE varchar(500)`);
      assert.deepEqual(await read(), [{ name: "ann" }]);
    } finally {
      await close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
