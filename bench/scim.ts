// npm run bench:scim — SCIM API throughput and latency at 10k and 100k members, on the embedded
// database (PGlite) and on PostgreSQL, over HTTP against a production build:
//   • filter: GET /Users?filter=userName eq "<random member>" (Okta's lookup before every create)
//   • import: page through the whole directory with count=100, as Okta's "Import Now" does
// Targets (2-core machine): filter p99 < 20 ms at 100k; full import of 100k < 10 s.
// The filter runs twice: one client at a time (latency, what one IdP connection sees) and four at
// once (throughput on 2 cores; latency then includes queueing).
//   options: --sizes=10000,100000  --engines=pglite,postgres  --filter-requests=2000
import { arg, type Engine, ensureBuild, fmt, freshDatabase, seedTeam, startServer, summarize } from "./lib";

const SIZES = arg("sizes", "10000,100000").split(",").map(Number);
const ENGINES = arg("engines", "pglite,postgres").split(",") as Engine[];
const FILTER_REQUESTS = Number(arg("filter-requests", "2000"));
const PORT = 3500;

async function timed(url: string, token: string): Promise<{ ms: number; body: { totalResults: number; Resources: unknown[] } }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/scim+json" } });
  const body = (await res.json()) as { totalResults: number; Resources: unknown[] };
  if (res.status !== 200) throw new Error(`${url} → ${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t0, body };
}

async function filterBench(base: string, token: string, size: number, concurrency: number) {
  // Warm-up: JIT, connection pools, page cache.
  for (let i = 0; i < 50; i++) await timed(`${base}/api/scim/v2/Users?filter=${encodeURIComponent(`userName eq "user${i}@bench.test"`)}`, token);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < FILTER_REQUESTS) {
        next++;
        const i = Math.floor(Math.random() * size);
        const { ms, body } = await timed(`${base}/api/scim/v2/Users?filter=${encodeURIComponent(`userName eq "USER${i}@bench.test"`)}`, token);
        if (body.totalResults !== 1) throw new Error(`expected one match for user${i}`);
        latencies.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ...summarize(latencies), rps: latencies.length / seconds };
}

async function importBench(base: string, token: string, size: number) {
  const latencies: number[] = [];
  const started = performance.now();
  let seen = 0;
  for (let startIndex = 1; ; startIndex += 100) {
    const { ms, body } = await timed(`${base}/api/scim/v2/Users?startIndex=${startIndex}&count=100`, token);
    latencies.push(ms);
    seen += body.Resources.length;
    if (body.Resources.length < 100) break;
  }
  if (seen !== size) throw new Error(`import saw ${seen} of ${size}`);
  const seconds = (performance.now() - started) / 1000;
  return { ...summarize(latencies), seconds, pages: latencies.length };
}

ensureBuild();
const rows: string[] = [];
for (const engine of ENGINES) {
  for (const size of SIZES) {
    const url = await freshDatabase(engine, `gatehouse_bench_scim_${size}`);
    const t0 = performance.now();
    const { token } = await seedTeam(url, size);
    console.log(`[${engine} ${size}] seeded in ${fmt((performance.now() - t0) / 1000)} s`);
    const server = await startServer(url, PORT);
    try {
      const cells: string[] = [];
      for (const concurrency of [1, 4]) {
        const f = await filterBench(server.base, token, size, concurrency);
        console.log(`[${engine} ${size}] filter userName eq, ${concurrency} at a time: ${f.n} requests, ${fmt(f.rps)} req/s, p50 ${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms`);
        cells.push(`${fmt(f.rps)} | ${fmt(f.p50)} | ${fmt(f.p99)}`);
      }
      const im = await importBench(server.base, token, size);
      console.log(`[${engine} ${size}] import count=100: ${im.pages} pages in ${fmt(im.seconds)} s, p50 ${fmt(im.p50)} ms, p99 ${fmt(im.p99)} ms per page`);
      rows.push(`| ${engine} | ${size} | ${cells.join(" | ")} | ${fmt(im.seconds)} | ${fmt(im.p50)} | ${fmt(im.p99)} |`);
    } finally {
      await server.stop();
    }
  }
}
console.log("\n| engine | members | filter ×1 req/s | ×1 p50 ms | ×1 p99 ms | filter ×4 req/s | ×4 p50 ms | ×4 p99 ms | import s | page p50 ms | page p99 ms |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
process.exit(0);
