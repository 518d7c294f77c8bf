// npm run bench:load — resident memory and tail latency of the app as `npm start` runs it, under
// 50 concurrent SCIM clients for 30 s (60% filter, 20% create, 20% PATCH), on the embedded
// database (PGlite) and on PostgreSQL. Serves an existing production build (`npm run build`, or
// --dist-dir=<dir>) through `scripts/start.ts --no-build`, the production start path, so node
// flags and everything start.ts keeps resident count as they do in production.
// Prints per engine: resident memory (sum over the process tree, and per process) when idle,
// at the end and at the peak, and p50/p99/max latency overall and per operation.
//   options: --engines=pglite,postgres  --members=10000  --clients=50  --seconds=30  --dist-dir=.next
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { arg, type Engine, fmt, freshDatabase, seedTeam, summarize } from "./lib";
import { processTreeMemory, type ProcessMemory } from "./memory";

const ENGINES = arg("engines", "pglite,postgres").split(",") as Engine[];
const MEMBERS = Number(arg("members", "10000"));
const CLIENTS = Number(arg("clients", "50"));
const SECONDS = Number(arg("seconds", "30"));
const DIST_DIR = arg("dist-dir", ".next");
const PORT = Number(arg("port", "3150"));

if (!fs.existsSync(`${DIST_DIR}/BUILD_ID`)) {
  console.error(`No production build in ${DIST_DIR}: run \`npm run build\` first (or pass --dist-dir=<dir>).`);
  process.exit(1);
}

type Op = "filter" | "create" | "patch";
const SCIM = "application/scim+json";

async function startApp(url: string, base: string) {
  const dataDir = `data/bench-load-${PORT}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  // The node flags of package.json's "start", so the heap limits are the ones production runs with.
  const flags = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start.split(" ").filter((a) => /^--(max|v8|expose)/.test(a));
  const child = spawn(process.execPath, [...flags, "--import", "tsx", "scripts/start.ts", "--no-build", "--memory-report"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      PORT: String(PORT),
      DATABASE_URL: url,
      APP_URL: base,
      NEXTAUTH_URL: base,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_SEED: "false",
      SCIM_RATE_LIMIT_PER_MINUTE: "10000000",
    },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  // start.ts answers SIGUSR2 with a `memory {…}` line on stderr (scripts/lib/memory-report.ts).
  const reports: ((r: Record<string, number>) => void)[] = [];
  let pending = "";
  // Only a start.ts that says so handles SIGUSR2; to any other it is a kill.
  let reporting = false;
  child.stderr!.on("data", (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "memory-report: on SIGUSR2") reporting = true;
      else if (line.startsWith("memory {")) reports.shift()?.(JSON.parse(line.slice(7)) as Record<string, number>);
      else process.stderr.write(`${line}\n`);
    }
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error("the app did not start within 120 s");
    const up = await fetch(`${base}/login`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    pid: child.pid!,
    breakdown: () =>
      new Promise<Record<string, number>>((resolve) => {
        if (!reporting) return resolve({});
        reports.push(resolve);
        process.kill(child.pid!, "SIGUSR2");
      }),
    stop: async () => {
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

async function request(base: string, token: string, method: string, path: string, body?: unknown) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/scim/v2${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: SCIM, ...(body ? { "Content-Type": SCIM } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
  return { ms, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function memberIds(base: string, token: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 2; ids.length < n; start += 200) {
    const { json } = await request(base, token, "GET", `/Users?startIndex=${start}&count=200`);
    const page = json.Resources as { id: string }[];
    if (page.length === 0) break;
    ids.push(...page.map((r) => r.id));
  }
  return ids;
}

async function load(base: string, token: string, ids: string[]) {
  const latencies: Record<Op, number[]> = { filter: [], create: [], patch: [] };
  // Requests over a second, by when they started: tells a stall at start-up from one that recurs.
  const slow: { at: number; ms: number; op: Op }[] = [];
  const t0 = performance.now();
  const errors: string[] = [];
  const runId = crypto.randomBytes(3).toString("hex");
  let created = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) {
        const r = Math.random();
        const op: Op = r < 0.6 ? "filter" : r < 0.8 ? "create" : "patch";
        const at = performance.now() - t0;
        try {
          let ms: number;
          if (op === "filter") {
            const i = Math.floor(Math.random() * MEMBERS);
            ({ ms } = await request(base, token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "user${i}@bench.test"`)}`));
          } else if (op === "create") {
            const email = `load-${runId}-${created++}@bench.test`;
            ({ ms } = await request(base, token, "POST", "/Users", {
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
              userName: email,
              name: { givenName: "Load", familyName: "Test" },
              emails: [{ value: email, primary: true, type: "work" }],
              active: true,
            }));
          } else {
            const id = ids[Math.floor(Math.random() * ids.length)];
            ({ ms } = await request(base, token, "PATCH", `/Users/${id}`, {
              schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              Operations: [{ op: "replace", path: "name.givenName", value: `G${Math.floor(Math.random() * 1e6)}` }],
            }));
          }
          latencies[op].push(ms);
          if (ms > 1000) slow.push({ at, ms, op });
        } catch (e) {
          errors.push(e instanceof Error ? e.message : String(e));
        }
      }
    }),
  );
  return { latencies, errors, slow };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const describe = (m: ProcessMemory) => `${mb(m.total)} (${m.processes.map((p) => `${p.name} ${mb(p.rss)}`).join(", ")})`;

const rows: string[] = [];
for (const engine of ENGINES) {
  const url = await freshDatabase(engine, `gatehouse_bench_load_${PORT}`);
  const { token } = await seedTeam(url, MEMBERS);
  const base = `http://127.0.0.1:${PORT}`;
  const app = await startApp(url, base);
  try {
    // Idle: started and answered one page, nothing else yet.
    await new Promise((r) => setTimeout(r, 3000));
    const idle = processTreeMemory(app.pid);
    const idleBreakdown = await app.breakdown();
    const ids = await memberIds(base, token, 1000);
    let peak = processTreeMemory(app.pid);
    const sampler = setInterval(() => {
      const m = processTreeMemory(app.pid);
      if (m.total > peak.total) peak = m;
    }, 1000);
    const { latencies, errors, slow } = await load(base, token, ids);
    clearInterval(sampler);
    const after = processTreeMemory(app.pid);
    const afterBreakdown = await app.breakdown();
    const all = summarize([...latencies.filter, ...latencies.create, ...latencies.patch]);
    console.log(`\n[${engine}, ${MEMBERS} members, ${CLIENTS} clients, ${SECONDS} s] ${all.n} requests (${fmt(all.n / SECONDS)} req/s), ${errors.length} errors`);
    for (const e of [...new Set(errors)].slice(0, 5)) console.log(`  error: ${e}`);
    console.log(`  all:    p50 ${fmt(all.p50)} ms, p99 ${fmt(all.p99)} ms, max ${fmt(all.max)} ms`);
    for (const op of ["filter", "create", "patch"] as const) {
      const s = summarize(latencies[op]);
      console.log(`  ${op.padEnd(7)} ${String(s.n).padStart(6)}: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms`);
    }
    const buckets = new Map<number, { n: number; max: number }>();
    for (const r of slow) {
      const b = Math.floor(r.at / 5000) * 5;
      const cur = buckets.get(b) ?? { n: 0, max: 0 };
      buckets.set(b, { n: cur.n + 1, max: Math.max(cur.max, r.ms) });
    }
    console.log(`  requests over 1 s, by start time: ${[...buckets].sort((a, b) => a[0] - b[0]).map(([b, v]) => `${b}-${b + 5} s: ${v.n} (max ${Math.round(v.max)} ms)`).join("; ") || "none"}`);
    console.log(`  resident idle:  ${describe(idle)}`);
    console.log(`  resident peak:  ${describe(peak)}`);
    console.log(`  resident after: ${describe(after)}`);
    const parts = (b: Record<string, number>) => Object.entries(b).map(([k, v]) => `${k} ${v}`).join(", ");
    console.log(`  server, idle (MB, ms):  ${parts(idleBreakdown)}`);
    console.log(`  server, load (MB, ms):  ${parts(afterBreakdown)}`);
    rows.push(`| ${engine} | ${mb(idle.total)} | ${mb(peak.total)} | ${mb(after.total)} | ${fmt(all.n / SECONDS)} | ${fmt(all.p50)} | ${fmt(all.p99)} | ${fmt(all.max)} | ${errors.length} |`);
  } finally {
    await app.stop();
  }
}
console.log("\n| engine | RSS idle | RSS peak | RSS after 30 s | req/s | p50 ms | p99 ms | max ms | errors |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
process.exit(0);
