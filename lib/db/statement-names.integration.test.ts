// Prepared statements on a real PostgreSQL connection (statement-names.ts): a marked statement is
// prepared once per connection, nothing else is, and nothing with pgbouncer=true. One connection
// (connection_limit=1), so that pg_prepared_statements, which is per session, sees them all.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "./open";
import { PREPARED } from "./statement-names";

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
