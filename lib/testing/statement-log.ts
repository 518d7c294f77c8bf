// The statements a piece of work sends, from Prisma's query log, for tests that count round trips.
import { after, before } from "node:test";
import { PrismaClient } from "../db/generated/client";
import { registerDirectQuery } from "../db/direct-query";
import { createMigratedDatabase, type EmptyDatabase } from "./test-database";

// A SCIM request's writes that are not its work: its token's last use, its rate-limit window (a
// new one opens whenever a minute turns), its log entry (the harness writes it before answering)
// and the log's pruning to its retention, which runs when a batch is written.
const REQUEST_BOOKKEEPING = [`"ScimRequestLog"`, `"ScimToken" SET`, `INSERT INTO "RateLimit"`];

/**
 * A client on `adapter` that logs every statement. `directPath`: the direct driver path
 * (lib/db/direct-query.ts) runs through this client's $queryRawUnsafe, so its statements show too
 * and the code that needs it takes it; without, that code runs as it does inside a transaction.
 */
export function statementLog(adapter: EmptyDatabase["adapter"], { directPath = false } = {}) {
  const db = new PrismaClient({ adapter: adapter.factory, log: [{ emit: "event", level: "query" }] });
  let statements: { query: string; params: string }[] | null = null;
  db.$on("query", (e) => statements?.push({ query: e.query, params: e.params }));
  if (directPath) registerDirectQuery(db, (text, values) => db.$queryRawUnsafe(text, ...values));
  /**
   * The statements `run` sent, but a SCIM request's bookkeeping; `withParams` pairs each with its
   * parameters as Prisma logged them (a JSON array), for a test that asks PostgreSQL for its plan.
   */
  async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[]; withParams: { query: string; params: unknown[] }[] }> {
    statements = [];
    try {
      const result = await run();
      const work = statements.filter((s) => !REQUEST_BOOKKEEPING.some((b) => s.query.includes(b)));
      return { result, sent: work.map((s) => s.query), withParams: work.map((s) => ({ query: s.query, params: JSON.parse(s.params) as unknown[] })) };
    } finally {
      statements = null;
    }
  }
  return { db, statementsOf };
}

export type StatementLog = ReturnType<typeof statementLog>;

/** For a test file: a migrated database of its own with a statement log, opened before its tests and closed after them. */
export function useStatementLog(options: { directPath?: boolean }, use: (log: StatementLog) => void): void {
  let empty: EmptyDatabase;
  let log: StatementLog;
  before(async () => {
    empty = await createMigratedDatabase();
    log = statementLog(empty.adapter, options);
    use(log);
  });
  after(async () => {
    await log.db.$disconnect();
    await empty.close();
  });
}
