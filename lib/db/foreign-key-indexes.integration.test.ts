// Every foreign key has an index whose leading columns are its own. Without one, reading a row's
// children scans the whole table, across every team (a person's memberships, read on each
// signed-in page, took 18-25 ms at 100,000 members of other teams), and so does each delete that
// cascades or sets the key to null (deleting a person scanned every team's audit events).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

describe("the migrated schema", () => {
  it("has an index leading with the columns of every foreign key", async () => {
    const unindexed = await t.db.$queryRaw<{ key: string }[]>`
      SELECT c.conrelid::regclass::text || '(' || array_to_string(array(
               SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k), ', ') || ')' AS key
        FROM pg_constraint c
       WHERE c.contype = 'f' AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
         AND NOT EXISTS (
           SELECT 1 FROM pg_index i
            WHERE i.indrelid = c.conrelid
              -- The index's first n columns are the key's n columns, in any order.
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
       ORDER BY 1`;
    const foreignKeys = await t.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_constraint c
       WHERE c.contype = 'f' AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`;
    assert.ok(foreignKeys[0]!.n > 20, "the query sees the schema's foreign keys");
    assert.deepEqual(unindexed.map((r) => r.key), []);
  });
});
