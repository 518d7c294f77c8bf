// Prepared statements on a real PostgreSQL connection (statement-names.ts): the app's statements
// are prepared once per connection, and not at all with pgbouncer=true. One connection
// (connection_limit=1), so that pg_prepared_statements, which is per session, sees them all.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "./open";

const SERVER = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

async function preparedAfterTwoQueries(params: string): Promise<number> {
  const url = new URL(SERVER);
  url.search = params;
  const { db, close } = await openDatabase(url.toString());
  try {
    for (let i = 0; i < 2; i++) await db.$queryRaw`SELECT ${i}::int AS n, 'statement-names test' AS what`;
    const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%statement-names test%' AND statement NOT LIKE '%pg_prepared_statements%'`;
    return Number(rows[0]!.n);
  } finally {
    await close();
  }
}

describe("prepared statements on PostgreSQL", () => {
  it("prepares a statement once on its connection and runs it again from there", async () => {
    assert.equal(await preparedAfterTwoQueries("connection_limit=1"), 1);
  });

  it("prepares none with pgbouncer=true", async () => {
    assert.equal(await preparedAfterTwoQueries("connection_limit=1&pgbouncer=true"), 0);
  });
});
