// npm run -s bench:request-log — what writing the SCIM request log costs, batch by batch, on
// PostgreSQL: the buffer (lib/scim-server/request-log-buffer.ts) writes one batch a second, up to
// a team's 1,000 newest successes, and trims what is older. Under an IdP's sync of 1,500 lookups
// a second this runs every second beside the lookups (issue 12).
// Prints, per batch of --batch entries (a lookup's entry each), in the steady state (the team's
// log already full, trimmed now and then as the server does): the app's CPU, the wall time, the
// database backend's CPU and the WAL it writes; and the longest the event loop was held.
//   options: --batches=30 --batch=1000 --at-once=<WRITE_AT_ONCE> (entries per statement)
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { openDatabase } from "../lib/db/open";
import { pgConfigFromUrl } from "../lib/db/database-url";
import type { RequestLogEntry } from "../lib/scim-server/request-log";
import { RequestLogBuffer, WRITE_AT_ONCE } from "../lib/scim-server/request-log-buffer";
import { arg, fmt, freshDatabase, seedTeam } from "./lib";

const BATCHES = Number(arg("batches", "30"));
const BATCH = Number(arg("batch", "1000"));
const AT_ONCE = Number(arg("at-once", String(WRITE_AT_ONCE)));

const url = await freshDatabase("postgres", "gatehouse_bench_request_log");
await seedTeam(url, 10);
const { db, close } = await openDatabase(url);
const admin = new pg.Client(pgConfigFromUrl(url));
await admin.connect();
const [{ id: teamId }] = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Team" LIMIT 1`;

// What a lookup's entry holds once described (masked path and answer; sizes as the server's).
const entry = (i: number): RequestLogEntry => ({
  teamId, tokenId: null, method: "GET",
  path: `/api/scim/v2/Users?filter=userName eq "u…@bench.test~${(i % 0xffffff).toString(16).padStart(6, "0")}"`,
  status: 200, durationMs: 3, userAgent: "Okta SCIM Client 1.0.0", isError: false,
  tokenName: "bench", tokenPrefix: "ghscim_abcd", authProblem: null, scimType: null, errorDetail: null, memberId: null,
  requestBody: null,
  responseBody: JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 1, startIndex: 1, itemsPerPage: 1,
    Resources: [{
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: crypto.randomUUID(), externalId: `ext-${i}`,
      userName: "u…@bench.test~3fa9c1", name: { givenName: "U…~0b47de", familyName: "N…~1c2d3e", formatted: "U…~4f5a6b" },
      displayName: "U…~7c8d9e", emails: [{ value: "u…@bench.test~3fa9c1", primary: true, type: "work" }], active: true, groups: [],
      meta: { resourceType: "User", created: "2024-01-01T00:00:00.000Z", lastModified: "2024-01-01T00:00:00.000Z", location: `http://127.0.0.1:3000/api/scim/v2/Users/${crypto.randomUUID()}`, version: 'W/"1"' },
    }],
  }),
});

const backendPid = async () => (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
const ticks = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(f[11]) + Number(f[12]);
};
const wal = async () => (await admin.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0]!.lsn;
const walBytes = async (from: string, to: string) => Number((await admin.query<{ d: string }>(`SELECT pg_wal_lsn_diff($1, $2)::text AS d`, [to, from])).rows[0]!.d);

let n = 0;
const batch = () => Array.from({ length: BATCH }, () => entry(n++));
// As the server writes them: a batch a flush, in statements of AT_ONCE entries. The buffer keeps
// a team's newest 1,000 successes, so a batch is at most that.
const buffer = new RequestLogBuffer(undefined, { writeAtOnce: AT_ONCE, flushAt: BATCH + 1, keep: { successes: BATCH, errors: BATCH } });
const write = async (entries: RequestLogEntry[]) => {
  for (const e of entries) buffer.add(db, e);
  await buffer.flush();
};
// Fill the log to its steady state (and warm the statement and the JIT), unmeasured.
for (let i = 0; i < 3; i++) await write(batch());
const pids = await backendPid();
const db0 = new Map(pids.map((p) => [p, ticks(p)]));
const wal0 = await wal();
// Each batch is described before its clock starts (and only the 1,000 entries a server would
// hold are alive): only the write is measured.
const stalls = monitorEventLoopDelay({ resolution: 1 });
let cpuUs = 0;
let wallMs = 0;
for (let i = 0; i < BATCHES; i++) {
  const b = batch();
  // A batch's synchronous work (serializing it for the driver) holds every request behind it.
  stalls.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await write(b);
  wallMs += performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  cpuUs += cpu.user + cpu.system;
  stalls.disable();
}
wallMs /= BATCHES;
const dbMs = (pids.reduce((s, p) => s + ticks(p) - db0.get(p)!, 0) * 10) / BATCHES;
const walPerBatch = (await walBytes(wal0, await wal())) / BATCHES;
const rows = (await admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM "ScimRequestLog"`)).rows[0]!.n;
console.log(`request log, ${BATCHES} batches of ${BATCH} lookups' entries, ${AT_ONCE} a statement (log kept at ${rows} rows):`);
console.log(`  per batch: wall ${fmt(wallMs)} ms, app CPU ${fmt(cpuUs / 1000 / BATCHES)} ms, db CPU ${fmt(dbMs)} ms, WAL ${fmt(walPerBatch / 1024)} kB`);
console.log(`  longest event-loop stall ${fmt(stalls.max / 1e6)} ms (p99 ${fmt(stalls.percentile(99) / 1e6)} ms)`);
console.log(`  per entry: WAL ${fmt(walPerBatch / BATCH)} bytes`);
await admin.end();
await close();
