// Whether this instance can reach its database now: what /api/health tells a load balancer, a
// container's health check or an uptime monitor, so traffic leaves an instance that lost its
// database (and the operator learns of it) instead of meeting its errors one request at a time.
//
// The check must say whether the database answers, not whether this instance is busy, and must
// cost the database nothing an anonymous caller could multiply:
// - On PostgreSQL it opens a connection of its own, outside the app's pool: a pool full of writes
//   waiting their turn on a team's lock (up to 30 s, transaction-options.ts) is busy, not broken,
//   and every instance would report it at once. Its connect and statement are bounded by the
//   check's own timeout, and the connection is closed whatever happens, so a database that went
//   silent keeps nothing open behind an answered check.
// - On the embedded database the statement waits its turn behind the one PGlite is running (it
//   runs one at a time), and at most one such statement is ever waiting.
// - One check runs at a time per process, and its answer serves every request for a second
//   (shared-health-check.ts).
import pg from "pg";
import { getDb } from "./client";
import { databaseKind, databaseUrl, pgConfigFromUrl } from "./database-url";
import { sharedHealthCheck, type DatabaseHealth } from "./shared-health-check";
import type { Db } from "./types";

export type { DatabaseHealth };

/**
 * How long a check waits for the database. Load balancers' checks usually allow 5 s (Kubernetes'
 * probes 1 s by default: give them 3 or more); a check that outlived the caller's patience would
 * report nothing at all.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 3_000;

const TIMEOUTS = /timeout/i;

/** PostgreSQL at `url`, on a connection of the check's own. */
export async function postgresHealth(url: string, timeoutMs = HEALTH_CHECK_TIMEOUT_MS): Promise<DatabaseHealth> {
  const { host, port, user, password, database, ssl } = pgConfigFromUrl(url);
  const client = new pg.Client({ host, port, user, password, database, ssl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection lost after the answer is no concern of the check's, and must not be an unhandled error.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return "ok";
  } catch (e) {
    return e instanceof Error && TIMEOUTS.test(e.message) ? "not answering" : "unreachable";
  } finally {
    // With a statement still unanswered, pg destroys the socket rather than wait for a goodbye.
    await client.end().catch(() => {});
  }
}

/** The embedded database (or any Db): its statement is not cancelled by the timeout, so a second one never queues behind it. */
export function embeddedHealth(open: () => Promise<Db>) {
  let waiting: Promise<unknown> | undefined;
  return async (timeoutMs = HEALTH_CHECK_TIMEOUT_MS): Promise<DatabaseHealth> => {
    if (waiting) return "not answering";
    let timer: NodeJS.Timeout | undefined;
    const statement = (waiting = Promise.resolve()
      .then(open)
      .then((db) => db.$queryRaw`SELECT 1`)
      .finally(() => (waiting = undefined)));
    const late = new Promise<DatabaseHealth>((resolve) => (timer = setTimeout(() => resolve("not answering"), timeoutMs)));
    try {
      return await Promise.race([statement.then((): DatabaseHealth => "ok", (): DatabaseHealth => "unreachable"), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

const embedded = embeddedHealth(getDb);

/** This process's database, as /api/health reports it. */
export const databaseHealth = sharedHealthCheck(() => (databaseKind() === "postgres" ? postgresHealth(databaseUrl()) : embedded()));
