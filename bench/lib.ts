// Shared helpers for the benchmark scripts: seed a big team fast, start a production server on
// a database of our own, time HTTP requests, and print percentiles.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { migrateDatabase } from "../lib/db/migrations";
import { openDatabase } from "../lib/db/open";
import { pgConfigFromUrl } from "../lib/db/database-url";
import { createScimToken } from "../lib/scim-tokens/create-token";
import { systemActor } from "../lib/audit/actor";

/** `--name=value` from the command line (a value may itself hold "="), else the default. */
export const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;

export const DIST_DIR = ".next-bench";
export const PG_BASE_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test";

export type Engine = "pglite" | "postgres";

/** A fresh database URL per engine: a new PGlite folder, or a recreated PostgreSQL database. */
export async function freshDatabase(engine: Engine, name: string): Promise<string> {
  if (engine === "pglite") {
    const dir = `./data/bench/${name}`;
    fs.rmSync(dir, { recursive: true, force: true });
    return `pglite:${dir}`;
  }
  const cfg = pgConfigFromUrl(PG_BASE_URL);
  const admin = new pg.Client({ ...cfg, database: cfg.database });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(PG_BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Migrates, then inserts `size` members into a new team with batched createMany; returns team + SCIM token. */
export async function seedTeam(url: string, size: number) {
  await migrateDatabase(url);
  const { db, close } = await openDatabase(url);
  try {
    const team = await db.team.create({ data: { slug: `bench-${size}`, name: `Bench ${size}` } });
    const BATCH = 5000;
    for (let start = 0; start < size; start += BATCH) {
      const users = [];
      const memberships = [];
      for (let i = start; i < Math.min(size, start + BATCH); i++) {
        const email = `user${i}@bench.test`;
        const userId = crypto.randomUUID();
        users.push({ id: userId, email, emailNormalized: email, name: `User ${i}` });
        memberships.push({
          teamId: team.id,
          userId,
          role: i === 0 ? ("OWNER" as const) : ("MEMBER" as const),
          status: i % 10 === 9 ? ("DEACTIVATED" as const) : ("ACTIVE" as const),
          source: "SCIM" as const,
          userName: email,
          userNameNormalized: email,
          email,
          emailNormalized: email,
          // The list a SCIM create keeps (user-resource.ts), which lookups by address compare.
          profileLists: { emails: [{ type: "work", value: email, primary: true }] },
          // What the IdP says about the person is the team's own (membership), not the account's.
          givenName: "User",
          familyName: `N${i}`,
          externalId: `ext-${i}`,
          // Distinct, increasing creation times, as a real directory built over time has.
          createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000),
        });
      }
      await db.user.createMany({ data: users });
      await db.membership.createMany({ data: memberships });
    }
    const token = await createScimToken(db, { teamId: team.id, name: "bench", mayManageOwners: true }, systemActor("bench"));
    if (url.startsWith("postgres")) await db.$executeRawUnsafe("VACUUM ANALYZE");
    return { teamSlug: team.slug, token: token.secret };
  } finally {
    await close();
  }
}

export function ensureBuild(): void {
  if (fs.existsSync(`${DIST_DIR}/BUILD_ID`) && !process.argv.includes("--rebuild")) return;
  console.log(`building into ${DIST_DIR} …`);
  const r = spawnSyncInherit("npx", ["next", "build"], { NEXT_DIST_DIR: DIST_DIR });
  if (r !== 0) throw new Error("next build failed");
}

function spawnSyncInherit(cmd: string, args: string[], env: Record<string, string>): number {
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } }).status ?? 1;
}

/**
 * The node flags of `npm start` (package.json's start script: those between `node` and
 * `--import`), so a bench's server runs with production's heap settings.
 */
export function npmStartNodeFlags(): string[] {
  const start: string = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts.start;
  const words = start.split(/\s+/);
  const flags = words.slice(words.indexOf("node") + 1, words.indexOf("--import"));
  if (words.indexOf("node") < 0 || flags.some((f) => !f.startsWith("--"))) throw new Error(`npm start's node flags not found in: ${start}`);
  return flags;
}

/**
 * The production server, as `npm start` runs it (scripts/start.ts, its node flags, no demo team),
 * serving the build in `distDir` on database `url`; `dataDir` holds its generated secrets;
 * `nodeFlags` are added to npm start's (e.g. --cpu-prof).
 */
export async function startServer(
  url: string,
  port: number,
  { distDir = DIST_DIR, dataDir = "data/bench", nodeFlags = [] }: { distDir?: string; dataDir?: string; nodeFlags?: string[] } = {},
): Promise<{ stop: () => Promise<void>; base: string }> {
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...npmStartNodeFlags(), ...nodeFlags, "--import", "tsx", "scripts/start.ts", "--no-build"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: distDir,
      PORT: String(port),
      DATABASE_URL: url,
      APP_URL: base,
      NEXTAUTH_URL: base,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_SEED: "false",
      SCIM_RATE_LIMIT_PER_MINUTE: "1000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/login`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    stop: async () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { n: ms.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

export const fmt = (n: number) => n.toFixed(1);
