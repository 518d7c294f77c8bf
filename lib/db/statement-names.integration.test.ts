// Prepared statements on a real PostgreSQL connection (statement-names.ts): a marked statement is
// prepared once per connection, nothing else is, and nothing with pgbouncer=true. One connection
// (connection_limit=1), so that pg_prepared_statements, which is per session, sees them all.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "./open";
import crypto from "node:crypto";
import pg from "pg";
import { Prisma } from "./generated/client";
import { directQueryFor } from "./direct-query";
import { PREPARED, queryPrepared } from "./statement-names";
import { TEST_POSTGRES_SERVER_URL } from "../testing/own-postgres-database";

const SERVER = TEST_POSTGRES_SERVER_URL;

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

  it("answers on the driver as Prisma's $queryRaw does, timestamps in UTC whatever the process's zone", async () => {
    const url = new URL(SERVER);
    url.search = "connection_limit=1";
    const { db, close } = await openDatabase(url.toString());
    const zone = process.env.TZ;
    // Fourteen hours ahead of UTC: a timestamp read or written as local time would be plainly wrong.
    process.env.TZ = "Pacific/Kiritimati";
    try {
      const query = Prisma.sql`SELECT ${"x"}::text AS t, 7::int AS n, true AS b, NULL::timestamp(3) AS never,
        ${new Date("2026-03-29T01:30:00.123Z")}::timestamp(3) AS given, ${12n}::int8 + 1 AS big,
        '2026-03-29 01:30:00.123'::timestamp(3) AS at, '{"a":[1,"b"]}'::jsonb AS j, json_build_array(json_build_object('k', 'v')) AS agg`;
      assert.ok(directQueryFor(db), "on PostgreSQL, marked statements go to the driver");
      const direct = await queryPrepared<Record<string, unknown>[]>(db, query);
      // The very text queryPrepared sends: both paths share one prepared statement on the connection.
      const viaPrisma = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`${PREPARED}
${query}`);
      assert.deepEqual(direct, viaPrisma);
      assert.equal((direct[0].at as Date).toISOString(), "2026-03-29T01:30:00.123Z");
      assert.equal((direct[0].given as Date).toISOString(), "2026-03-29T01:30:00.123Z");
      // A type the driver reads otherwise than Prisma (a date here, local midnight) is refused.
      await assert.rejects(queryPrepared(db, Prisma.sql`SELECT '2026-03-29'::date AS day`), /column "day" has type OID 1082/);
      const prepared = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%AS agg%'`;
      assert.equal(Number(prepared[0].n), 1);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
      await close();
    }
  });
});
