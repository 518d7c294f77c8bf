// npm run bench:hot-path — the SCIM hot path (issue 12), side by side in one run on one machine:
//   floor     bench/floor-server.ts: node:http + pg, one indexed table, one statement a request
//   jackson   Jackson's directory sync on PostgreSQL (bench/jackson-server.ts)
//   gh-pg     Gatehouse on PostgreSQL  } the production server: scripts/start.ts --no-build over a
//   gh-pglite Gatehouse on PGlite      } `next build` (rate limit lifted through SCIM_RATE_LIMIT_PER_MINUTE)
// Per target, at --members (10k; --large adds 100k, which takes several minutes more per target):
//   lookup  GET /Users?filter=userName eq "…" (random existing member), 10 connections
//   email lookup  (Gatehouse only) GET /Users?filter=emails[type eq "work"].value eq "…": Entra ID's
//           lookup when it matches users on mail; the floor and Jackson answer only userName eq
//   empty route  (Gatehouse only) a route handler that does no work: Next's own cost per request
//   create  POST /Users, 10 connections
//   patch   PATCH /Users/{id} {active:false} on distinct active members, 10 connections
//   import  GET /Users?startIndex=…&count=100 through the whole directory, one connection (Okta)
// and prints req/s, p50/p99 latency and CPU ms per request: "app" is the server's process tree
// (for PGlite that includes the database), "db" the PostgreSQL backends serving its database.
// Goals (issue 12) are printed at the end: figures, never a timed test.
//   options: --targets=floor,jackson,gh-pg,gh-pglite  --lookups=5000 --creates=2000 --patches=2000
//            --empties=<lookups> (empty-route requests; 0 skips them, e.g. for a profile of lookups alone)
//            --email-lookups=2000 (lookups by address, after a tenth as many unmeasured; 0 skips them)
//            --warmup=5000 (unmeasured lookups before the measured ones, one unmeasured import
//            before the measured one, and a fifth as many creates and PATCHes before theirs: the
//            same for every target, so each is measured warm; 0 measures them cold)
//            --large (also 100k members)  --build (run `next build` into .next-bench first)
//            --reuse-jackson (keep Jackson's seeded database from the last run)
//            --dist-dir=.next-bench (where --build builds and the servers serve from)
//            --cpu-prof (Gatehouse servers write .cpuprofile files into bench/profiles/)
//            --server-flags="--single-threaded-gc" (node flags for the Gatehouse servers alone)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import pg from "pg";
import { arg, fmt, npmStartNodeFlags, percentile, seedTeam } from "./lib";

const flag = (name: string) => process.argv.includes(`--${name}`);
const TARGETS = arg("targets", "floor,jackson,gh-pg,gh-pglite").split(",");
const SIZES = flag("large") ? [10_000, 100_000] : [Number(arg("members", "10000"))];
const LOOKUPS = Number(arg("lookups", "5000"));
const CREATES = Number(arg("creates", "2000"));
const PATCHES = Number(arg("patches", "2000"));
const EMPTIES = Number(arg("empties", String(LOOKUPS)));
const EMAIL_LOOKUPS = Number(arg("email-lookups", "2000"));
// A server runs for days: what an IdP meets is its steady state, not the JIT compiling its first
// few thousand requests. 300 lookups (the old warm-up) left Gatehouse's figures 20–35% under what
// the same server does once warm; the floor, with far less code to compile, was warm at once.
const WARMUP = Number(arg("warmup", "5000"));
const WARMUP_WRITES = Math.floor(WARMUP / 5);
// Node flags for the Gatehouse servers alone, to try one against npm start's.
const SERVER_FLAGS = arg("server-flags", "");
const CONNECTIONS = 10;
const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/gh_perf";
const DIST_DIR = arg("dist-dir", ".next-bench");
const PORT = Number(arg("port", "3137"));
const SCIM = "application/scim+json";

// ---- HTTP: keep-alive connections, at most CONNECTIONS at a time --------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
type Reply = { status: number; text: string; ms: number };
function send(base: string, method: string, path: string, token: string, body?: unknown): Promise<Reply> {
  const t0 = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, {
      method, agent,
      headers: { Authorization: `Bearer ${token}`, Accept: SCIM, ...(payload ? { "Content-Type": SCIM, "Content-Length": Buffer.byteLength(payload) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - t0 }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** Runs `count` requests from `connections` workers; `make(i)` builds request i. */
async function load(count: number, connections: number, make: (i: number) => Promise<Reply>, expect: number) {
  const ms: number[] = [];
  const failed = new Map<number, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < count) {
      const i = next++;
      const r = await make(i);
      // An answer other than the expected one (e.g. 503 when the team's write queue is too long)
      // is counted and reported, not a reason to abort the run; only expected answers count in req/s.
      if (r.status !== expect) {
        if (!failed.has(r.status)) console.log(`    request ${i} → ${r.status} ${r.text.slice(0, 200)}`);
        failed.set(r.status, (failed.get(r.status) ?? 0) + 1);
        continue;
      }
      ms.push(r.ms);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  ms.sort((a, b) => a - b);
  if (failed.size) console.log(`    failed: ${[...failed].map(([s, n]) => `${n} × ${s}`).join(", ")}`);
  return { n: ms.length, seconds, rps: ms.length / seconds, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

// ---- CPU: /proc ticks of a process tree, and of the PostgreSQL backends of one database ---------
const TICK_MS = 1000 / 100;
function ticks(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of fs.readdirSync("/proc")) {
    const pid = Number(e);
    if (!Number.isInteger(pid)) continue;
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(f.slice(f.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch { /* gone */ }
  }
  const out: number[] = [];
  const visit = (p: number) => { out.push(p); for (const c of children.get(p) ?? []) visit(c); };
  visit(root);
  return out;
}
async function backendPids(database: string | null): Promise<number[]> {
  if (!database) return [];
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  const { rows } = await c.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  await c.end();
  return rows.map((r) => r.pid);
}
async function cpuSnapshot(root: number, database: string | null) {
  const app = treePids(root).reduce((a, p) => a + ticks(p), 0);
  const db = new Map((await backendPids(database)).map((p) => [p, ticks(p)]));
  return { app, db };
}
async function cpuSince(root: number, database: string | null, before: Awaited<ReturnType<typeof cpuSnapshot>>, n: number) {
  const now = await cpuSnapshot(root, database);
  let db = 0;
  for (const [pid, t] of now.db) db += t - (before.db.get(pid) ?? 0);
  return { appMs: ((now.app - before.app) * TICK_MS) / n, dbMs: database ? (db * TICK_MS) / n : NaN };
}

// ---- Targets -----------------------------------------------------------------------------------
type Target = {
  name: string; base: string; token: string; pid: number; database: string | null;
  /** SCIM path prefix, e.g. "/api/scim/v2". */
  prefix: string;
  stop: () => Promise<void>;
};

async function recreateDb(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

function startChild(args: string[], env: Record<string, string>): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", BOXYHQ_NO_ANALYTICS: "1", ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  // Jackson says this once per SCIM write (no webhook is set up for the bench): thousands of lines.
  child.stderr!.on("data", (d: Buffer) => {
    const lines = d.toString().split("\n").filter((l) => l && !l.startsWith("Webhook not configured for directory"));
    if (lines.length) process.stderr.write(`${lines.join("\n")}\n`);
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split("\n").slice(0, -1)) if (line.startsWith("{") || line === "ready") resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
  return { child, firstLine };
}
const stopper = (child: ChildProcess) => async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid!, "SIGTERM");
  await exited;
};

async function startFloor(size: number): Promise<Target> {
  const url = await recreateDb("gh_perf_floor");
  const port = PORT;
  const { child, firstLine } = startChild(["--import", "tsx", "bench/floor-server.ts", String(port), url], {});
  await firstLine;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`INSERT INTO floor_users (id, user_name, user_name_lower, external_id, given_name, family_name, active, created_at)
    SELECT gen_random_uuid(), 'user' || i || '@bench.test', 'user' || i || '@bench.test', 'ext-' || i, 'User', 'N' || i, i % 10 <> 9,
           timestamptz '2024-01-01' + i * interval '1 second' FROM generate_series(0, $1 - 1) AS i`, [size]);
  await c.query("VACUUM ANALYZE floor_users");
  await c.end();
  return { name: "floor", base: `http://127.0.0.1:${port}`, token: "floor-token", pid: child.pid!, database: "gh_perf_floor", prefix: "/scim/v2", stop: stopper(child) };
}

/**
 * The database's URL; with --reuse-jackson an existing one is kept (seeding Jackson through its API
 * takes minutes). One per size: a --large run reusing one database measured "10k" on 100k members.
 */
async function jacksonDb(size: number): Promise<{ url: string; kept: boolean; database: string }> {
  const database = `gh_perf_jackson_${size}`;
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  const { rows } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [database]);
  await c.end();
  if (rows.length && flag("reuse-jackson")) {
    const u = new URL(PG_ADMIN);
    u.pathname = `/${database}`;
    return { url: u.toString(), kept: true, database };
  }
  return { url: await recreateDb(database), kept: false, database };
}

async function startJackson(size: number): Promise<Target> {
  const { url, kept, database } = await jacksonDb(size);
  const port = PORT + 1;
  const { child, firstLine } = startChild(["--import", "tsx", "bench/jackson-server.ts", String(port), url], {});
  const { directoryId, secret } = JSON.parse(await firstLine) as { directoryId: string; secret: string };
  const t: Target = { name: "jackson", base: `http://127.0.0.1:${port}`, token: secret, pid: child.pid!, database, prefix: `/scim/v2/${directoryId}`, stop: stopper(child) };
  if (kept) {
    console.log(`  [jackson] reusing the directory seeded by an earlier run`);
    return t;
  }
  // Jackson has no bulk path: seed through its own SCIM POST (10 at a time).
  const t0 = performance.now();
  await load(size, CONNECTIONS, (i) => send(t.base, "POST", `${t.prefix}/Users`, t.token, userBody(`user${i}@bench.test`, i % 10 !== 9)), 201);
  console.log(`  [jackson] seeded ${size} through POST in ${fmt((performance.now() - t0) / 1000)} s`);
  return t;
}

async function startGatehouse(engine: "postgres" | "pglite", size: number): Promise<Target> {
  let url: string;
  if (engine === "postgres") url = await recreateDb("gh_perf_gatehouse");
  else {
    fs.rmSync("data/bench/perf-pglite", { recursive: true, force: true });
    url = "pglite:./data/bench/perf-pglite";
  }
  const t0 = performance.now();
  const { token } = await seedTeam(url, size);
  console.log(`  [gh-${engine}] seeded ${size} in ${fmt((performance.now() - t0) / 1000)} s`);
  const port = PORT + (engine === "postgres" ? 2 : 3);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = `data/bench-hot-path-${port}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const profile = flag("cpu-prof") ? ["--cpu-prof", `--cpu-prof-dir=bench/profiles/gh-${engine}`] : [];
  // With the node flags `npm start` uses, so the figures are what production serves.
  const tried = SERVER_FLAGS.split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...npmStartNodeFlags(), ...tried, ...profile, "--import", "tsx", "scripts/start.ts", "--no-build"], {
    env: {
      ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR, PORT: String(port), DATABASE_URL: url,
      APP_URL: base, NEXTAUTH_URL: base, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SEED: "false",
      SCIM_RATE_LIMIT_PER_MINUTE: "10000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error("Gatehouse did not start within 120 s");
    if (await fetch(`${base}/login`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { name: `gh-${engine === "postgres" ? "pg" : "pglite"}`, base, token, pid: child.pid!, database: engine === "postgres" ? "gh_perf_gatehouse" : null, prefix: "/api/scim/v2", stop: stopper(child) };
}

const userBody = (email: string, active = true) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: email, externalId: `ext-${email}`, name: { givenName: "New", familyName: "Person" },
  emails: [{ value: email, primary: true, type: "work" }], active,
});
const deactivate = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] };

// ---- Phases ------------------------------------------------------------------------------------
// Two decimals: a lookup's CPU is tenths of a millisecond, and a change worth making moves it by a few hundredths.
const cpuMs = (ms: number) => ms.toFixed(2);

type Row = { target: string; size: number; op: string; rps: number; p50: number; p99: number; appMs: number; dbMs: number; seconds: number };
const rows: Row[] = [];

async function phase(t: Target, size: number, op: string, run: () => Promise<{ n: number; seconds: number; rps: number; p50: number; p99: number }>) {
  const before = await cpuSnapshot(t.pid, t.database);
  const r = await run();
  const cpu = await cpuSince(t.pid, t.database, before, r.n);
  const row = { target: t.name, size, op, ...r, ...cpu };
  rows.push(row);
  console.log(`  [${t.name} ${size}] ${op}: ${r.n} in ${fmt(r.seconds)} s, ${fmt(r.rps)}/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, CPU app ${cpuMs(cpu.appMs)} ms + db ${cpuMs(cpu.dbMs)} ms per request`);
}

async function benchTarget(t: Target, size: number) {
  const lookup = (i: number) => {
    const n = (i * 7919) % size;
    return send(t.base, "GET", `${t.prefix}/Users?filter=${encodeURIComponent(`userName eq "user${n}@bench.test"`)}`, t.token);
  };
  // Warm-up: JIT, pools, caches, Next's lazily compiled routes.
  await load(WARMUP, CONNECTIONS, lookup, 200);
  await phase(t, size, "lookup", () => load(LOOKUPS, CONNECTIONS, (i) => lookup(i + WARMUP), 200));
  if (t.name.startsWith("gh-") && EMAIL_LOOKUPS > 0) {
    const byEmail = (i: number) => {
      const n = (i * 7919) % size;
      return send(t.base, "GET", `${t.prefix}/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "user${n}@bench.test"`)}`, t.token);
    };
    await load(Math.ceil(EMAIL_LOOKUPS / 10), CONNECTIONS, byEmail, 200);
    await phase(t, size, "email lookup", () => load(EMAIL_LOOKUPS, CONNECTIONS, (i) => byEmail(i + EMAIL_LOOKUPS), 200));
  }
  if (t.name.startsWith("gh-") && EMPTIES > 0) {
    // Next's own cost: a route handler that does no work (the test-only route answers 404 before
    // anything else unless GATEHOUSE_TEST_ROUTES is set, as here). No SCIM request can be served
    // faster than this through Next on this machine.
    const empty = () => send(t.base, "POST", "/api/testing/invitations", t.token);
    await load(300, CONNECTIONS, empty, 404);
    await phase(t, size, "empty route", () => load(EMPTIES, CONNECTIONS, empty, 404));
  }

  // The whole directory, page by page, as Okta imports it: each page's time, and the active members seen.
  const importAll = async () => {
    const ms: number[] = [];
    const active: string[] = [];
    let seen = 0;
    for (let startIndex = 1; ; ) {
      const r = await send(t.base, "GET", `${t.prefix}/Users?startIndex=${startIndex}&count=100`, t.token);
      if (r.status !== 200) throw new Error(`import page ${startIndex} → ${r.status} ${r.text.slice(0, 300)}`);
      ms.push(r.ms);
      const body = JSON.parse(r.text) as { totalResults: number; Resources: { id: string; active: boolean; userName: string }[] };
      // Not the seeded owner (user0): deactivating the team's last owner is refused, and is not the common write.
      for (const u of body.Resources) if (u.active && u.userName !== "user0@bench.test") active.push(u.id);
      seen += body.Resources.length;
      startIndex += body.Resources.length;
      // Not totalResults: Jackson's is capped at its page limit.
      if (body.Resources.length < 100) break;
    }
    if (seen < size) throw new Error(`import saw ${seen} of ${size} members`);
    return { ms, active };
  };
  // One unmeasured import first, as lookups and writes get theirs: at 10k the measured one is 100
  // pages, and without it the bench timed the JIT compiling the listing's path.
  if (WARMUP > 0) await importAll();
  const activeIds: string[] = [];
  await phase(t, size, "import", async () => {
    const t0 = performance.now();
    const { ms, active } = await importAll();
    const seconds = (performance.now() - t0) / 1000;
    for (const id of active) activeIds.push(id);
    ms.sort((a, b) => a - b);
    return { n: ms.length, seconds, rps: ms.length / seconds, p50: percentile(ms, 50), p99: percentile(ms, 99) };
  });

  const run = crypto.randomUUID().slice(0, 8);
  const create = (prefix: string) => (i: number) => send(t.base, "POST", `${t.prefix}/Users`, t.token, userBody(`${prefix}-${run}-${i}@bench.test`));
  await load(WARMUP_WRITES, CONNECTIONS, create("warm"), 201);
  await phase(t, size, "create", () => load(CREATES, CONNECTIONS, create("new"), 201));
  if (activeIds.length < PATCHES + WARMUP_WRITES) throw new Error(`only ${activeIds.length} active members to deactivate`);
  // The warm-up's PATCHes from the end of the list, so the measured ones are the same with any warm-up.
  const patch = (id: string) => send(t.base, "PATCH", `${t.prefix}/Users/${id}`, t.token, deactivate);
  await load(WARMUP_WRITES, CONNECTIONS, (i) => patch(activeIds[activeIds.length - 1 - i]!), 200);
  await phase(t, size, "patch", () => load(PATCHES, CONNECTIONS, (i) => patch(activeIds[i]!), 200));
}

if (flag("build") || !fs.existsSync(`${DIST_DIR}/BUILD_ID`)) {
  console.log(`next build into ${DIST_DIR} …`);
  // Next adds another dist dir's types to tsconfig.json's include; the checkout keeps its own.
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  const r = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR } });
  fs.writeFileSync("tsconfig.json", tsconfig);
  if (r.status !== 0) throw new Error("next build failed");
}

/**
 * What PostgreSQL does about the rows a seeding wrote (autovacuum of them, a checkpoint of their
 * WAL), done before a target is measured rather than while it is, for every target alike: at 100k
 * the seedings wrote hundreds of MB, and the background work that followed could land in the next
 * measurement. (CHECKPOINT needs a superuser or pg_checkpoint; without it, it is skipped.)
 */
async function settle(database: string | null): Promise<void> {
  if (!database) return;
  const u = new URL(PG_ADMIN);
  u.pathname = `/${database}`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query("VACUUM ANALYZE");
    await c.query("CHECKPOINT").catch((e: Error) => console.log(`  (no CHECKPOINT before measuring: ${e.message})`));
  } finally {
    await c.end();
  }
}

const started = performance.now();
for (const size of SIZES) {
  for (const name of TARGETS) {
    console.log(`${name} at ${size} members`);
    const t = name === "floor" ? await startFloor(size) : name === "jackson" ? await startJackson(size)
      : name === "gh-pg" ? await startGatehouse("postgres", size) : await startGatehouse("pglite", size);
    try {
      await settle(t.database);
      await benchTarget(t, size);
    } finally {
      await t.stop();
    }
  }
}

console.log(`\n| target | members | op | req/s | p50 ms | p99 ms | CPU ms/req app | CPU ms/req db | total s |`);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.target} | ${r.size} | ${r.op} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${cpuMs(r.appMs)} | ${Number.isNaN(r.dbMs) ? "–" : cpuMs(r.dbMs)} | ${fmt(r.seconds)} |`);

const get = (target: string, size: number, op: string) => rows.find((r) => r.target === target && r.size === size && r.op === op);
// Flags tried against npm start's make these figures not npm start's: say so beside the goals.
if (SERVER_FLAGS) console.log(`\nGatehouse servers ran with extra node flags: ${SERVER_FLAGS}`);
console.log("\nGoals (issue 12):");
for (const size of SIZES) {
  const line = (ok: boolean | undefined, text: string) => console.log(`  ${ok === undefined ? "?" : ok ? "met" : "NOT met"}  ${text}`);
  const [pgL, jL, fL, liteL] = ["gh-pg", "jackson", "floor", "gh-pglite"].map((t) => get(t, size, "lookup"));
  const ratio = (a?: Row, b?: Row) => (a && b ? a.rps / b.rps : undefined);
  const rj = ratio(pgL, jL), rf = ratio(pgL, fL), rl = ratio(liteL, pgL);
  line(rj === undefined ? undefined : rj >= 2, `[${size}] lookups ≥ 2× Jackson on PostgreSQL: ${rj === undefined ? "–" : fmt(rj)}×`);
  line(rf === undefined ? undefined : rf >= 0.5, `[${size}] lookups ≥ 0.5× the floor: ${rf === undefined ? "–" : fmt(rf)}×`);
  line(pgL ? pgL.p99 < 10 : undefined, `[${size}] lookup p99 < 10 ms on PostgreSQL: ${pgL ? fmt(pgL.p99) : "–"} ms`);
  const ceiling = get("gh-pg", size, "empty route");
  if (ceiling) console.log(`        [${size}] Next's empty route on this machine: ${fmt(ceiling.rps)}/s${jL ? `, ${fmt(ceiling.rps / jL.rps)}× Jackson's lookups` : ""}${fL ? `, ${fmt(ceiling.rps / fL.rps)}× the floor's` : ""}: the most a SCIM request served through Next could reach (npm start serves SCIM ahead of it)`);
  line(rl === undefined ? undefined : rl >= 0.5, `[${size}] PGlite lookups within 2× of PostgreSQL: ${rl === undefined ? "–" : fmt(rl)}× PostgreSQL's rate`);
  const c = get("gh-pg", size, "create"), p = get("gh-pg", size, "patch");
  line(c ? c.rps >= 1000 : undefined, `[${size}] POST ≥ 1,000/s on PostgreSQL: ${c ? fmt(c.rps) : "–"}/s`);
  line(p ? p.rps >= 1000 : undefined, `[${size}] PATCH deactivate ≥ 1,000/s on PostgreSQL: ${p ? fmt(p.rps) : "–"}/s`);
  const gi = get("gh-pg", size, "import"), fi = get("floor", size, "import");
  line(gi && fi ? gi.seconds <= 2 * fi.seconds : undefined, `[${size}] import ≤ 2× the floor's time: ${gi ? fmt(gi.seconds) : "–"} s vs ${fi ? fmt(fi.seconds) : "–"} s`);
}
console.log(`\nbench took ${fmt((performance.now() - started) / 1000)} s`);
agent.destroy();
process.exit(0);
