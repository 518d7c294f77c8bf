// npm run bench:members — the Manage Team members page at 100k members, on the embedded database
// and on PostgreSQL (search uses the trigram indexes of migration member_search_trigram).
//
//   npm run bench:members                               both engines, 100k members, 30 runs each
//   npm run bench:members -- --engine=pglite --members=20000 --runs=50
//   BENCH_POSTGRES_URL=postgresql://root@127.0.0.1:5432/test npm run bench:members -- --engine=postgres
//   npm run bench:members -- --http             also time rendered pages (needs a build:
//                                                       NEXT_DIST_DIR=.next-team npx next build)
//   npm run bench:members -- --http --cpu-prof  the app server writes .cpuprofile files into bench/profiles/
//
// Times listMembers, the function the page renders from, for the first page, searches and a sort by
// each column, and prints p50/p99 against the 100 ms target; then streams the CSV export of every
// member (membersCsvStream) and prints its time and the peak heap growth while it ran. Seeding writes users and memberships straight through
// Prisma's createMany in batches: the domain layer's one-at-a-time audited path would take an hour.
// PGlite lives in a temp folder; PostgreSQL gets a database of its own; both are removed afterwards.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createAdapter, type AdapterHandle } from "../lib/db/adapter";
import { pgConfigFromUrl } from "../lib/db/database-url";
import { prismaClientOn } from "../lib/db/open";
import { applyMigrations } from "../lib/db/migrations";
import { maintainAtStartUp } from "../lib/db/embedded-maintenance";
import { hashPassword } from "../lib/auth/password";
import { listMembers, type MemberListQuery } from "../lib/members/list-members";
import { membersCsvStream } from "../lib/members/export-members-csv";
import type { Db } from "../lib/members/types";
import { arg, percentile, startServer } from "./lib";

const MEMBERS = Number(arg("members", "100000"));
const RUNS = Number(arg("runs", "30"));
const ENGINES = arg("engine", "pglite,postgres").split(",");
const HTTP = process.argv.includes("--http");
const CPU_PROF = process.argv.includes("--cpu-prof");
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test";
const TARGET_MS = 100;
const OWNER_EMAIL = "owner@bench.test";
const OWNER_PASSWORD = "bench-password";

const GIVEN = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine"];
const FAMILY = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "Backus", "Johnson", "Smith"];

const DEEP_PAGE = Math.max(1, Math.floor(MEMBERS / 50) - 1);
type Scenario = { label: string; query: Omit<MemberListQuery, "teamId">; path: string };
const SCENARIOS: Scenario[] = [
  { label: "first page", query: {}, path: "" },
  { label: "status = Deactivated", query: { status: "DEACTIVATED" }, path: "?status=DEACTIVATED" },
  { label: "role = Admin", query: { role: "ADMIN" }, path: "?role=ADMIN" },
  { label: "search common name (smith)", query: { search: "smith" }, path: "?q=smith" },
  { label: "search one email", query: { search: `user${Math.floor(MEMBERS / 2)}@` }, path: `?q=user${Math.floor(MEMBERS / 2)}%40` },
  { label: "search no match", query: { search: "zzzz-nobody" }, path: "?q=zzzz-nobody" },
  { label: "search + status filter", query: { search: "hopper", status: "ACTIVE" }, path: "?q=hopper&status=ACTIVE" },
  { label: `page ${DEEP_PAGE} (deep offset)`, query: { page: DEEP_PAGE }, path: `?page=${DEEP_PAGE}` },
  // Sorting by each column (indexes of migration member_sort_indexes), both ways where it matters.
  { label: "sort name", query: { sort: "name" }, path: "?sort=name&dir=asc" },
  { label: "sort name desc", query: { sort: "name", dir: "desc" }, path: "?sort=name&dir=desc" },
  { label: "sort email", query: { sort: "email" }, path: "?sort=email&dir=asc" },
  { label: "sort role", query: { sort: "role" }, path: "?sort=role&dir=asc" },
  { label: "sort status desc", query: { sort: "status", dir: "desc" }, path: "?sort=status&dir=desc" },
  { label: "sort last sign-in", query: { sort: "lastSignIn" }, path: "?sort=lastSignIn&dir=desc" },
  { label: "sort last sign-in, last page", query: { sort: "lastSignIn", page: 100_000 }, path: "?sort=lastSignIn&dir=desc&page=100000" },
  { label: "search smith + sort name", query: { search: "smith", sort: "name" }, path: "?q=smith&sort=name&dir=asc" },
];

async function seed(db: Db): Promise<string> {
  const team = await db.team.create({ data: { slug: "bench", name: "Bench Inc." } });
  const passwordHash = await hashPassword(OWNER_PASSWORD);
  const BATCH = 5000;
  const start = Date.now();
  const t0 = Date.UTC(2024, 0, 1);
  for (let offset = 0; offset < MEMBERS; offset += BATCH) {
    const users = [];
    const memberships = [];
    for (let i = offset; i < Math.min(offset + BATCH, MEMBERS); i++) {
      const owner = i === 0;
      const email = owner ? OWNER_EMAIL : `user${i}@bench.test`;
      const givenName = GIVEN[i % GIVEN.length];
      const familyName = FAMILY[(i * 7) % FAMILY.length];
      const userId = crypto.randomUUID();
      users.push({ id: userId, email, emailNormalized: email, name: `${givenName} ${familyName}`, passwordHash: owner ? passwordHash : null });
      memberships.push({
        teamId: team.id,
        userId,
        role: owner ? ("OWNER" as const) : i % 100 === 0 ? ("ADMIN" as const) : ("MEMBER" as const),
        status: !owner && i % 20 === 0 ? ("DEACTIVATED" as const) : ("ACTIVE" as const),
        source: i % 3 === 0 ? ("SCIM" as const) : i % 3 === 1 ? ("SSO" as const) : ("MANUAL" as const),
        userName: email,
        userNameNormalized: email,
        email,
        emailNormalized: email,
        // The team's profile of the person, which the table shows, searches and sorts by.
        givenName,
        familyName,
        createdAt: new Date(t0 + i * 1000),
        lastLoginAt: i % 4 === 0 ? null : new Date(t0 + i * 2000),
      });
    }
    await db.user.createMany({ data: users });
    await db.membership.createMany({ data: memberships });
  }
  console.log(`  seeded ${MEMBERS.toLocaleString("en")} members in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return team.id;
}


async function time(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(); // warm caches and the query planner
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const results: { engine: string; kind: string; label: string; p50: number; p99: number }[] = [];

function report(engine: string, kind: string, label: string, r: { p50: number; p99: number }) {
  results.push({ engine, kind, label, ...r });
  const ok = r.p99 < TARGET_MS ? "ok  " : "SLOW";
  console.log(`  ${ok} ${kind.padEnd(12)} ${label.padEnd(30)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms`);
}

async function benchListMembers(engine: string, db: Db, teamId: string) {
  for (const s of SCENARIOS) {
    let rows = 0;
    const r = await time(RUNS, async () => {
      rows = (await listMembers(db, { teamId, ...s.query })).members.length;
    });
    report(engine, "listMembers", `${s.label} (${rows} rows)`, r);
  }
}

/**
 * The CSV export of all members, read to the end as a client would: wall time, bytes, and the peak
 * of live heap + external memory above what it was before, which stays flat however many members
 * there are when the stream really is streamed. Live: sampled every 100 ms right after a full GC
 * (npm run bench:members runs node with --expose-gc); without one, the peak counts garbage not yet
 * collected (300 MB of spent pg result rows on PostgreSQL), which says when V8 collects, not what
 * the export holds.
 */
async function benchCsv(engine: string, db: Db, teamId: string) {
  for (const [label, sort, dir] of [["created", "created", "asc"], ["sort name", "name", "asc"], ["sort last sign-in", "lastSignIn", "desc"]] as const) {
    global.gc?.();
    const mem = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
    const base = mem();
    let peak = base;
    const sampler = setInterval(() => {
      global.gc?.();
      peak = Math.max(peak, mem());
    }, 100);
    const start = performance.now();
    let bytes = 0;
    let rows = 0;
    const reader = membersCsvStream(db, { teamId }, sort, dir, async () => true).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) rows++;
    }
    clearInterval(sampler);
    const ms = performance.now() - start;
    console.log(
      `  csv  ${engine.padEnd(8)} ${label.padEnd(20)} ${(rows - 1).toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s; peak ${global.gc ? "live " : "(garbage included: run with --expose-gc) "}heap+external +${((peak - base) / 1e6).toFixed(1)} MB`,
    );
  }
}

/** Serves the built app on the bench database as npm start does (bench/lib.ts startServer), signs in as the owner and times whole page renders. */
async function benchHttp(engine: string, databaseUrl: string) {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next-team";
  if (!fs.existsSync(path.join(distDir, "BUILD_ID"))) {
    console.log(`  (skipping HTTP: no build in ${distDir}; run NEXT_DIST_DIR=${distDir} npx next build)`);
    return;
  }
  // The server writes its generated auth secret here; removed with the run.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-data-"));
  const nodeFlags = CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=bench/profiles/members-${engine}`] : [];
  const server = await startServer(databaseUrl, 3390, { distDir, dataDir, nodeFlags });
  try {
    const cookie = await signInCookie(server.base);
    for (const s of SCENARIOS) {
      const r = await time(Math.min(RUNS, 20), async () => {
        const res = await fetch(`${server.base}/teams/bench/members${s.path}`, { headers: { cookie }, redirect: "manual" });
        if (res.status !== 200) throw new Error(`GET ${s.path} answered ${res.status}`);
        await res.text();
      });
      report(engine, "HTTP render", s.label, r);
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** next-auth's credentials flow by hand: CSRF cookie + token, then the callback sets the session cookie. */
async function signInCookie(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email: OWNER_EMAIL, password: OWNER_PASSWORD, json: "true" }),
    redirect: "manual",
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session;
}

async function withDatabase(engine: string, fn: (db: Db, url: string, handle: AdapterHandle) => Promise<void>) {
  if (engine === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-"));
    const url = `pglite:${dir}`;
    const handle = await createAdapter(url);
    try {
      await fn(prismaClientOn(handle.factory), url, handle);
    } finally {
      await handle.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  // A database of its own rather than a schema: the app server (--http) only takes a URL.
  const name = `bench_${crypto.randomBytes(4).toString("hex")}`;
  const pg = (await import("pg")).default;
  const admin = new pg.Client(pgConfigFromUrl(POSTGRES_URL));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(POSTGRES_URL);
  u.pathname = `/${name}`;
  const handle = await createAdapter(u.toString());
  try {
    await fn(prismaClientOn(handle.factory), u.toString(), handle);
  } finally {
    await handle.close().catch(() => {});
    await admin.query(`DROP DATABASE "${name}"`);
    await admin.end();
  }
}

for (const engine of ENGINES) {
  console.log(`\n${engine}: ${MEMBERS.toLocaleString("en")} members, ${RUNS} runs per case (target p99 < ${TARGET_MS} ms)`);
  await withDatabase(engine, async (db, url, handle) => {
    await applyMigrations(handle);
    const teamId = await seed(db);
    // The database as an admin finds it: PostgreSQL's autovacuum vacuums and analyzes a table that
    // grew by 100k rows within a minute or so (done here before measuring rather than during it,
    // with a checkpoint of the WAL the seeding wrote); on the embedded database the server's
    // start-up maintenance does the same (npm start runs it before listening).
    if (engine === "pglite") await maintainAtStartUp(handle.outsideTransaction);
    else {
      await handle.outsideTransaction.exec("VACUUM ANALYZE");
      // CHECKPOINT needs a superuser or pg_checkpoint; without, it is skipped.
      await handle.outsideTransaction.exec("CHECKPOINT").catch((e: Error) => console.log(`  (no CHECKPOINT before measuring: ${e.message})`));
    }
    await benchListMembers(engine, db, teamId);
    if (!process.argv.includes("--no-csv")) await benchCsv(engine, db, teamId);
    await db.$disconnect();
    if (HTTP) {
      // PGlite is single-process: the server can open the folder only once this process let go.
      if (engine === "pglite") await handle.close();
      await benchHttp(engine, url);
    }
  });
}

const slow = results.filter((r) => r.p99 >= TARGET_MS);
console.log(`\n${results.length - slow.length} of ${results.length} cases under ${TARGET_MS} ms at p99${slow.length ? `; slow: ${slow.map((s) => `${s.engine} ${s.kind} ${s.label}`).join(", ")}` : ""}`);
