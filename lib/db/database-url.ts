// Which database Gatehouse talks to, decided once from DATABASE_URL:
//   unset / empty                -> embedded PGlite in $GATEHOUSE_DATA_DIR/pglite (no server needed)
//   pglite:<dir> | pglite:memory -> embedded PGlite in <dir>, or in memory (tests)
//   postgresql://…               -> a PostgreSQL server (production, CI)
import os from "node:os";
import path from "node:path";
import { dataDir, env } from "../env";

export type DatabaseKind = "pglite" | "postgres";

/** The embedded database inside the data folder, so GATEHOUSE_DATA_DIR moves everything embedded. */
export const defaultDatabaseUrl = (): string => `pglite:${path.join(/*turbopackIgnore: true*/ dataDir(), "pglite")}`;

export function databaseUrl(): string {
  return env().DATABASE_URL ?? defaultDatabaseUrl();
}

/** The embedded database's folder (absolute), or null for an in-memory one. */
export function pgliteDir(url: string): string | null {
  const dir = url.replace(/^pglite:/i, "");
  return dir === "memory" || dir === "" ? null : path.resolve(/*turbopackIgnore: true*/ dir);
}

export function databaseKind(url = databaseUrl()): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (/^pglite:/i.test(url)) return "pglite";
  throw new Error(`Unsupported DATABASE_URL scheme "${url.split(":")[0]}:" (use postgresql://… or pglite:<dir>)`);
}

/** The URL with any password masked, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

export type PgConfig = {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl?: { rejectUnauthorized: boolean };
  max: number;
  connectionTimeoutMillis: number;
  keepAlive: boolean;
  keepAliveInitialDelayMillis: number;
};

// libpq's name and unit (seconds). 10, Prisma's own engine's bound on the wait for a pooled
// connection: pg-pool bounds that wait and connecting by the one setting.
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

/**
 * Discrete pg settings rather than a connectionString: adapter-pg 7.10.1 opens its migration
 * shadow database as `{...config, database: …}`, which a connectionString would override.
 */
export function pgConfigFromUrl(url: string): PgConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode") ?? "";
  return {
    host: decodeURIComponent(u.hostname) || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || osUser(),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ssl: ["require", "verify-ca", "verify-full"].includes(sslmode)
      ? { rejectUnauthorized: sslmode !== "require" }
      : undefined,
    max: Number(u.searchParams.get("connection_limit") ?? 10),
    // Without a bound, a request waited on an unreachable host for minutes (the kernel's connect
    // retries), holding its IdP's connection. pg-pool also bounds by it the wait for a free
    // connection of a full pool. Either way the request is answered 503 (isDatabaseUnreachable).
    connectionTimeoutMillis: Math.round(1000 * positiveNumber(u.searchParams.get("connect_timeout"), DEFAULT_CONNECT_TIMEOUT_SECONDS)),
    // TCP keepalive, probing after 10 s of silence: an idle connection whose peer vanished (a
    // failover, a dropped NAT entry) is closed once the kernel's probes fail (about 11 minutes with
    // Linux's defaults), not after its default 2 hours of idleness. A query sent on one is bounded
    // by the adapter's query timeout (queryTimeoutMillis).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

// Seconds, as connect_timeout. Long enough for any request's statement, including a write waiting
// its turn on the team's lock (30 s, transaction-options.ts).
const DEFAULT_QUERY_TIMEOUT_SECONDS = 60;

/**
 * How long a statement of the app's pool may go unanswered (`query_timeout` in DATABASE_URL,
 * seconds; 0 for none). Without it a statement sent on a connection whose peer went silent waited
 * for ever, and once such connections filled the pool every request failed until a restart
 * (reproduced with a proxy that cut the database side of open connections). On the timeout pg
 * fails the statement and the pool drops that connection.
 */
export function queryTimeoutMillis(url: string): number | undefined {
  const text = new URL(url).searchParams.get("query_timeout");
  if (text !== null && Number(text) === 0) return undefined;
  return Math.round(1000 * positiveNumber(text, DEFAULT_QUERY_TIMEOUT_SECONDS));
}

const positiveNumber = (text: string | null, fallback: number): number => {
  const n = Number(text);
  return text !== null && Number.isFinite(n) && n > 0 ? n : fallback;
};

// libpq's default: the operating-system user name.
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "postgres";
  }
}
