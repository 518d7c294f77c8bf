// The marked statements' direct path on the embedded database (pglite-direct-query.ts): the same
// rows as Prisma's $queryRaw, each statement prepared once, and never run inside another
// request's open transaction.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createAdapter, type AdapterHandle } from "./adapter";
import { directQueryFor } from "./direct-query";
import { Prisma } from "./generated/client";
import { prismaClientOn, type Db } from "./open";
import { PREPARED, queryPrepared } from "./statement-names";

let adapter: AdapterHandle;
let db: Db;
before(async () => {
  adapter = await createAdapter("pglite:memory");
  db = prismaClientOn(adapter.factory);
  await db.$executeRawUnsafe(`CREATE TABLE direct_t (id int PRIMARY KEY, name text)`);
});
after(async () => {
  await db.$disconnect();
  await adapter.close();
});

describe("marked statements on PGlite", () => {
  it("answer as Prisma's $queryRaw does, timestamps in UTC whatever the process's zone", async () => {
    assert.ok(directQueryFor(db), "on PGlite, marked statements go to the wire protocol");
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    try {
      const query = Prisma.sql`SELECT ${"x"}::text AS t, 7::int AS n, ${3}::int AS p, true AS b, NULL::timestamp(3) AS never,
        ${new Date("2026-03-29T01:30:00.123Z")}::timestamp(3) AS given, ${12n}::int8 + 1 AS big, ${false}::bool AS f,
        '2026-03-29 01:30:00.123'::timestamp(3) AS at, '{"a":[1,"b"]}'::jsonb AS j, json_build_array(json_build_object('k', 'v')) AS agg`;
      const direct = await queryPrepared<Record<string, unknown>[]>(db, query);
      const viaPrisma = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`${PREPARED}
${query}`);
      assert.deepEqual(direct, viaPrisma);
      assert.equal((direct[0].given as Date).toISOString(), "2026-03-29T01:30:00.123Z");
      await assert.rejects(queryPrepared(db, Prisma.sql`SELECT '2026-03-29'::date AS day`), /column "day" has type OID 1082/);
      // Arrays as pg writes them: quotes, backslashes, braces, commas and NULLs survive.
      const texts = ['q"uo\\te', null, "{x, y}", "NULL", ""];
      const arrays = Prisma.sql`SELECT (${texts}::text[])[1] AS t1, (${texts}::text[])[2] IS NULL AS t2null, (${texts}::text[])[3] AS t3,
        (${texts}::text[])[4] AS t4, (${texts}::text[])[5] AS t5, cardinality(${texts}::text[]) AS n, (${[1, 2]}::int[])[2] AS i2, (${[true, false]}::bool[])[2] AS b2`;
      const arraysDirect = await queryPrepared<Record<string, unknown>[]>(db, arrays);
      assert.deepEqual(arraysDirect, await db.$queryRaw<Record<string, unknown>[]>(arrays));
      assert.deepEqual(arraysDirect, [{ t1: 'q"uo\\te', t2null: true, t3: "{x, y}", t4: "NULL", t5: "", n: 5, i2: 2, b2: false }]);
      await assert.rejects(queryPrepared(db, Prisma.sql`SELECT ${[["a"]]}::text[] AS list`), /parameter of type nested array/);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("prepares a statement once, and an error leaves the path usable", async () => {
    const read = (id: number) => queryPrepared<{ name: string }[]>(db, Prisma.sql`SELECT name FROM direct_t WHERE id = ${id} /* prepared-once */`);
    await read(1);
    await read(2);
    const prepared = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%prepared-once%'`);
    assert.equal(Number(prepared[0]!.n), 1);
    await assert.rejects(queryPrepared(db, Prisma.sql`SELECT 1 / ${0}::int AS boom`), /division by zero/);
    assert.deepEqual(await read(3), []);
    // A first run that fails after PostgreSQL kept the statement: the next run still answers.
    const typed = (value: string) => queryPrepared<{ n: number }[]>(db, Prisma.sql`SELECT ${value}::int + 1 AS n /* fails-first */`);
    await assert.rejects(typed("abc"), /invalid input syntax/);
    assert.deepEqual(await typed("41"), [{ n: 42 }]);
  });

  it("waits for another request's open transaction and never reads what it has not committed", async () => {
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const transaction = db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO direct_t (id, name) VALUES (10, 'uncommitted')`;
      inside();
      await held;
      await tx.$executeRaw`UPDATE direct_t SET name = 'committed' WHERE id = 10`;
    });
    await entered;
    let answered = false;
    const read = queryPrepared<{ name: string }[]>(db, Prisma.sql`SELECT name FROM direct_t WHERE id = ${10}`).then((rows) => {
      answered = true;
      return rows;
    });
    // Turns of the event loop, not time: unguarded, the read runs in the first of them (PGlite answers synchronously).
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answered, false, "the read waits while the transaction is open");
    finish();
    await transaction;
    assert.deepEqual(await read, [{ name: "committed" }]);
  });
});
