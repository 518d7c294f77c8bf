// Two app instances on one fresh PostgreSQL database behind a small round-robin HTTP proxy, for
// multi/instances.spec.ts. Each instance is a production server started the way production starts
// it (scripts/start.ts --no-build: migrations, then `next start`), with its own data folder and
// the shared secrets a real deployment sets on every instance.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import pg from "pg";
import { pgConfigFromUrl } from "../lib/db/database-url";

export const PG_BASE_URL = process.env.MULTI_POSTGRES_URL ?? process.env.CI_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test";

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigFromUrl(PG_BASE_URL));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the PostgreSQL server of PG_BASE_URL; returns its URL. */
export async function createDatabase(name: string): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  const u = new URL(PG_BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export const dropDatabase = (name: string) => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

export type Instance = { name: string; port: number; origin: string; output: () => string; stop: () => Promise<void> };

/** Spawns scripts/start.ts --no-build; resolves once it serves /login, rejects if it exits first. */
export async function startInstance(opts: { name: string; port: number; databaseUrl: string; publicUrl: string; env: Record<string, string> }): Promise<Instance> {
  const dataDir = `data/multi-${opts.port}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(opts.port),
      APP_URL: opts.publicUrl,
      NEXTAUTH_URL: opts.publicUrl,
      DATABASE_URL: opts.databaseUrl,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_SEED: "false",
      GATEHOUSE_TEST_ROUTES: "1",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d));
  child.stderr?.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`instance ${opts.name} exited (${code}):\n${output}`))));
  exited.catch(() => {});
  const origin = `http://127.0.0.1:${opts.port}`;
  const up = (async () => {
    for (;;) {
      const ok = await fetch(`${origin}/login`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await Promise.race([up, exited]);
  return {
    name: opts.name,
    port: opts.port,
    origin,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      const gone = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await gone;
    },
  };
}

export type Served = { instance: string; method: string; path: string };

export type Proxy = {
  origin: string;
  /** Every request forwarded, in order, with the instance that served it. */
  log: Served[];
  /** Picks the instance for a request; round-robin unless a test sets its own. */
  route: (req: http.IncomingMessage) => number;
  roundRobin: () => void;
  close: () => Promise<void>;
};

/**
 * A load balancer of the simplest kind: each request goes to the next instance in turn, with no
 * stickiness, so any state kept in one instance's memory shows up as a failure.
 * Answers carry `x-served-by` with the instance's name.
 */
export async function startProxy(port: number, instances: { name: string; port: number }[]): Promise<Proxy> {
  let next = 0;
  const proxy: Proxy = {
    origin: `http://127.0.0.1:${port}`,
    log: [],
    route: () => 0,
    roundRobin: () => {
      proxy.route = () => next++ % instances.length;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  proxy.roundRobin();
  const server = http.createServer((req, res) => {
    const target = instances[proxy.route(req)];
    proxy.log.push({ instance: target.name, method: req.method ?? "GET", path: req.url ?? "/" });
    const upstream = http.request({ host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, { ...up.headers, "x-served-by": target.name });
      up.pipe(res);
    });
    upstream.on("error", (e) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`proxy: ${target.name} unreachable: ${e.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return proxy;
}

/** Secrets every instance of one deployment shares (README: "the same on every instance"). */
export function sharedSecrets(): Record<string, string> {
  const secret = () => crypto.randomBytes(32).toString("base64url");
  return { NEXTAUTH_SECRET: secret(), JACKSON_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"), JACKSON_CLIENT_SECRET: secret() };
}
