// Work that must happen once per deployment, not once per instance. jackson, on its first start
// against an empty store, generates the SP's signing key, stores it and keeps it in memory: two
// instances starting together each generated one, the store kept the last, and the other
// instance signed AuthnRequests with a key the published metadata no longer showed (strict IdPs
// refuse them). A PostgreSQL session advisory lock makes the second start wait and read the
// first one's key. The embedded engine needs none: one process owns its folder (embedded-lock.ts).
import crypto from "node:crypto";
import pg from "pg";
import { databaseKind, pgConfigFromUrl } from "./database-url";

/** A stable advisory-lock key for `name` (64 bits of its hash). */
const lockKey = (name: string) => crypto.createHash("sha256").update(`gatehouse:${name}`).digest().readBigInt64BE(0).toString();

/** Runs fn while no other instance on the same PostgreSQL database runs `name`'s fn. */
export async function withDeploymentLock<T>(databaseUrl: string, name: string, fn: () => Promise<T>): Promise<T> {
  if (databaseKind(databaseUrl) !== "postgres") return fn();
  // Bounded like jackson's own connections (jackson-config.ts): an unreachable host fails the
  // start, and the next request tries again.
  const client = new pg.Client({ ...pgConfigFromUrl(databaseUrl), connectionTimeoutMillis: 5_000 });
  // A dropped connection releases the lock by itself; without a listener it would crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [lockKey(name)]);
    return await fn();
  } finally {
    await client.end().catch(() => {});
  }
}
