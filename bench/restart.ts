// npm run bench:restart — how long `npm start` takes, with nothing changed, from the command to the
// first served /login, on the embedded database and on PostgreSQL. Each engine gets a fresh
// database: one first start (migrations, seed), then --runs restarts, each timed from spawning
// `npm start` to the first 200 on /login. start.ts's own progress lines are timestamped as they
// arrive, so the figure comes with where the time went.
// Needs a build that `npm start` accepts as current (run `npm start` once; it builds and stamps).
//   options: --engines=pglite,postgres  --runs=3  --port=3150
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { buildIsCurrent } from "../scripts/lib/build-stamp";
import { arg, type Engine, fmt, freshDatabase, summarize } from "./lib";
import { processTreeCpu } from "./memory";

const ENGINES = arg("engines", "pglite,postgres").split(",") as Engine[];
const RUNS = Number(arg("runs", "3"));
const PORT = Number(arg("port", "3150"));

const current = buildIsCurrent(process.env.NEXT_DIST_DIR ?? ".next");
if (!current.fresh) {
  console.error(`The build is not current (${current.reason}): run \`npm start\` once (it builds), then this.`);
  process.exit(1);
}

// cpu: CPU seconds the process tree (npm, its shell, node with all its threads) had used when
// /login first answered. Unlike the wall time, it barely moves with the machine's load: on an
// otherwise idle machine the wall time is about this (less where threads overlap).
type Run = { ms: number; cpu: number; lines: { at: number; text: string }[] };

async function start(env: Record<string, string>): Promise<Run & { stop: () => Promise<void> }> {
  const base = `http://127.0.0.1:${PORT}`;
  const t0 = performance.now();
  const child = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(PORT), APP_URL: base, NEXTAUTH_URL: base, ...env },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const lines: Run["lines"] = [];
  let pending = "";
  child.stdout.on("data", (d: Buffer) => {
    const at = performance.now() - t0;
    pending += d.toString();
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const text of parts) if (text.trim()) lines.push({ at, text: text.trim() });
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`npm start exited:\n${lines.map((l) => l.text).join("\n")}`);
    if (performance.now() - t0 > 180_000) throw new Error("not serving after 180 s");
    const ok = await fetch(`${base}/login`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - t0;
  const cpu = processTreeCpu(child.pid!);
  return {
    ms,
    cpu,
    lines,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await gone;
    },
  };
}

const show = (r: Run) => r.lines.filter((l) => !/^(Demo sign-in|>)/.test(l.text)).map((l) => `    ${(l.at / 1000).toFixed(1).padStart(5)} s  ${l.text}`).join("\n");

const rows: string[] = [];
for (const engine of ENGINES) {
  const dataDir = `data/bench-restart-${PORT}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const url = engine === "pglite" ? `pglite:${dataDir}/pglite` : await freshDatabase(engine, `gatehouse_bench_restart_${PORT}`);
  const env = { DATABASE_URL: url, GATEHOUSE_DATA_DIR: dataDir };
  const first = await start(env);
  await first.stop();
  console.log(`\n[${engine}] first start (migrations, seed): ${fmt(first.ms / 1000)} s to the first /login, ${fmt(first.cpu)} s CPU\n${show(first)}`);
  const restarts: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await start(env);
    await r.stop();
    restarts.push(r.ms);
    cpus.push(r.cpu);
    console.log(`[${engine}] restart ${i + 1}: ${fmt(r.ms / 1000)} s to the first /login, ${fmt(r.cpu)} s CPU\n${show(r)}`);
  }
  const s = summarize(restarts);
  rows.push(
    `| ${engine} | ${fmt(first.ms / 1000)} s (${fmt(first.cpu)} s CPU) | ${restarts.map((ms) => fmt(ms / 1000)).join(" / ")} s | ${fmt(s.p50 / 1000)} s | ${fmt(summarize(cpus).p50)} s |`,
  );
}
console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} (${os.cpus().length} cores)`);
console.log("| engine | first start | restarts, nothing changed | median restart | median CPU |");
console.log("|---|---|---|---|---|");
for (const r of rows) console.log(r);
process.exit(0);
