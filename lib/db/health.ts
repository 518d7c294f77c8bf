// Whether this instance's database answers a statement now: what /api/health tells a load
// balancer, a container's health check or an uptime monitor, so traffic leaves an instance that
// cannot reach its database (and the operator learns of it) instead of every page and SCIM request
// there failing one by one.
import type { Db } from "./types";

/**
 * How long the check waits for the database's answer. Load balancers' health checks usually give
 * up after 5 s; the pool's own bounds (connect_timeout, query_timeout) are longer, and a check that
 * outlived the balancer's patience would report nothing at all.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 3_000;

export type DatabaseHealth = "ok" | "unreachable" | "not answering";

export async function databaseHealth(open: () => Promise<Db>, timeoutMs = HEALTH_CHECK_TIMEOUT_MS): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DatabaseHealth>((resolve) => {
    timer = setTimeout(() => resolve("not answering"), timeoutMs);
  });
  // Any failure counts: a database that refuses the statement cannot serve the app either.
  const answered = open()
    .then((db) => db.$queryRaw`SELECT 1`)
    .then((): DatabaseHealth => "ok", (): DatabaseHealth => "unreachable");
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
