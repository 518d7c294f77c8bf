// In-process cost of SCIM requests, without HTTP or Next: the route handlers called directly, one
// at a time, on PostgreSQL (BENCH_POSTGRES_URL) or PGlite. Prints ms of CPU per request; with node's
// --cpu-prof it shows where the handlers' own time goes. Requests are marked as the production
// server's direct SCIM path marks them, so request-log entries are buffered as they are there.
//   node --conditions=react-server --import tsx bench/scim-in-process.ts [--engine=postgres] [--n=3000]
//        [--phases=lookup,email,import,create,get,patch] [--profile=bench/profiles/in-process.cpuprofile]
// --profile records the timed phases only (node's --cpu-prof also records the seeding, whose
// createMany batches then fill most of the profile).
import fs from "node:fs";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { arg, type Engine, fmt, freshDatabase, seedTeam } from "./lib";
import { openDatabase } from "../lib/db/open";
import { useDatabaseForTests } from "../lib/db/client";
import { GET as listUsers, POST as createUser } from "../app/api/scim/v2/Users/route";
import { GET as getUser, PATCH as patchUser } from "../app/api/scim/v2/Users/[id]/route";
import { markServedDirectly } from "../lib/scim-server/served-directly";
import { knownBodyText } from "../lib/scim-server/respond";
import { processRequestLogBuffer } from "../lib/scim-server/request-log-buffer";

const ENGINE = arg("engine", "postgres") as Engine;
const N = Number(arg("n", "3000"));
const MEMBERS = Number(arg("members", "10000"));
const PHASES = arg("phases", "lookup,create,patch").split(",");
const PROFILE = arg("profile", "");
process.env.SCIM_RATE_LIMIT_PER_MINUTE = "10000000";

const url = await freshDatabase(ENGINE, "gatehouse_bench_in_process");
const { token } = await seedTeam(url, MEMBERS);
const { db, close } = await openDatabase(url);
useDatabaseForTests(db);
const base = "http://localhost:3000/api/scim/v2";
const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
const noParams = { params: Promise.resolve({}) };
const direct = (url: string, init?: RequestInit) => {
  const request = new Request(url, init);
  markServedDirectly(request);
  return request;
};

// What the production server writes: the answer's text, kept beside a Response made without a body (respond.ts).
const textOf = async (res: Response) => knownBodyText(res) ?? (await res.text());

async function time(label: string, n: number, one: (i: number) => Promise<Response>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await one(i);
    const text = await textOf(res);
    if (res.status >= 300) throw new Error(`${label} ${i}: ${res.status} ${text}`);
  }
  const cpu = process.cpuUsage(cpu0);
  // Three decimals: a change worth measuring here moves a lookup by tens of microseconds.
  console.log(`${label}: ${((performance.now() - t0) / n).toFixed(3)} ms wall, ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms CPU per request, ${(cpu.system / 1000 / n).toFixed(3)} of it in the kernel (${n})`);
}

const inspector = PROFILE ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.start");
}
const ids: string[] = [];
if (PHASES.includes("lookup")) await time("lookup", N, (i) => listUsers(direct(`${base}/Users?filter=${encodeURIComponent(`userName eq "user${(i * 7919) % MEMBERS}@bench.test"`)}`, { headers }), noParams));
// Entra ID matching users on mail.
if (PHASES.includes("email")) await time("email lookup", N, (i) => listUsers(direct(`${base}/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "user${(i * 7919) % MEMBERS}@bench.test"`)}`, { headers }), noParams));
// Okta's import: the whole directory, 100 at a time, in order (N pages, round and round).
if (PHASES.includes("import")) {
  const pages = Math.ceil(MEMBERS / 100);
  await time("import page", N, (i) => listUsers(direct(`${base}/Users?startIndex=${(i % pages) * 100 + 1}&count=100`, { headers }), noParams));
}
// GET and PATCH need the members the creates made.
if (PHASES.some((p) => ["create", "get", "patch"].includes(p))) await time("create", N, async (i) => {
  const res = await createUser(direct(`${base}/Users`, { method: "POST", headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `new${i}@bench.test`, name: { givenName: "N", familyName: `${i}` }, emails: [{ value: `new${i}@bench.test`, primary: true }], active: true }) }), noParams);
  ids.push((JSON.parse((await textOf(res))!) as { id: string }).id);
  return res;
});
if (PHASES.includes("get")) await time("get", N, (i) => getUser(direct(`${base}/Users/${ids[i]}`, { headers }), { params: Promise.resolve({ id: ids[i]! }) }));
if (PHASES.includes("patch")) await time("patch", N, (i) => patchUser(direct(`${base}/Users/${ids[i]}`, { method: "PATCH", headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] }) }), { params: Promise.resolve({ id: ids[i] }) }));
if (inspector) {
  const { profile } = await inspector.post("Profiler.stop");
  fs.mkdirSync(path.dirname(PROFILE), { recursive: true });
  fs.writeFileSync(PROFILE, JSON.stringify(profile));
  console.log(`profile: ${PROFILE}`);
}
await processRequestLogBuffer().flush();
await close();
