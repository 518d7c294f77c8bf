// npm start — the one command that runs Gatehouse: apply migrations, seed the demo team, build
// (only when the sources changed), serve. `npm run dev` does the same with Next's dev server.
//
// One process opens the database and serves the app (Next runs inside it): the embedded
// database belongs to exactly one process (lib/db/embedded-lock.ts), and the CLIs reach this one
// over its control socket (lib/db/control.ts) instead of opening the folder themselves.
import { spawn } from "node:child_process";
import http from "node:http";
import { startControlServer } from "../lib/db/control";
import { databaseKind, databaseUrl, pgliteDir, redactUrl } from "../lib/db/database-url";
import { EmbeddedDatabaseLockedError } from "../lib/db/embedded-lock";
import { checkInstanceSecrets } from "../lib/db/instance-secrets";
import { migrateOpenDatabase } from "../lib/db/migrations";
import { openDatabase, type OpenDatabase } from "../lib/db/open";
import { shareAdapter } from "../lib/db/process-database";
import { appUrl, dataDir, env, InvalidSettingsError, type Env } from "../lib/env";
import { ensurePrivateFolder } from "../lib/private-folder";
import { buildIsCurrent, recordBuild } from "./lib/build-stamp";
import { dbCommands } from "./lib/db-commands";
import { guardedHandler } from "./lib/guarded-handler";
import { reportMemoryOnSignal } from "./lib/memory-report";
import { runShutdownHooks } from "../lib/db/shutdown-hooks";
import { DEMO_OWNER_EMAIL, demoPassword, seedOnFirstStart } from "./seed";

const KEEP_ALIVE_MS = 65_000;

// Since the process started (performance's time origin), so node's own start and the imports count.
const seconds = () => `${(performance.now() / 1000).toFixed(1)} s`;
const dev = process.argv.includes("--dev");
// --no-build: serve the existing build (the e2e run builds once, before Playwright starts us).
const mayBuild = !dev && !process.argv.includes("--no-build");
// --memory-report: SIGUSR2 prints where resident memory is (bench/load.ts asks for it).
if (process.argv.includes("--memory-report")) reportMemoryOnSignal();
// Settings are checked before anything else happens, with a message that names each bad one.
let settings: Env;
try {
  settings = env();
} catch (e) {
  if (!(e instanceof InvalidSettingsError)) throw e;
  console.error(`\nStart-up stopped. ${e.message}\nSee "Configuration" in README.md.`);
  process.exit(1);
}
const port = settings.PORT;
const url = appUrl();
process.env.APP_URL = url;
process.env.NEXTAUTH_URL ??= url;
process.env.NEXT_TELEMETRY_DISABLED = "1";
// Next reads it when it loads; `next start` sets it the same way.
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: process.env });
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${signal ?? code}`))));
  });
}

let demoTeamPresent = false;
let noTeamYet = false;

async function prepareDatabase(): Promise<OpenDatabase> {
  // The embedded database's folder is made private where it is opened (adapter.ts); beside it here
  // live jackson's store and the generated secrets (made private where written, env.ts). Not for
  // PostgreSQL: a deployment whose secrets come from the environment may never write here (a
  // read-only root filesystem, found by review).
  if (databaseKind() === "pglite") ensurePrivateFolder(dataDir());
  const opened = await openDatabase();
  try {
    const applied = await migrateOpenDatabase(opened.adapter, databaseKind());
    console.log(`Database: ${databaseKind()} ${redactUrl(databaseUrl())} (${applied.length ? `applied ${applied.join(", ")}` : "up to date"}) [${seconds()}]`);
    // Instances sharing a PostgreSQL database must share their secrets; one that generated its own stops here.
    if (databaseKind() === "postgres") await checkInstanceSecrets(opened.adapter);
    const seeding = await seedOnFirstStart(opened.adapter, opened.db, settings.GATEHOUSE_SEED);
    if (seeding.seeded) console.log(`Seeded demo team "acme".`);
    // What the closing lines tell a newcomer to do: the demo login only where the demo team is.
    demoTeamPresent = seeding.demoTeam;
    noTeamYet = !seeding.anyTeam;
    return opened;
  } catch (e) {
    await opened.close().catch(() => {});
    throw e;
  }
}

/** Next, loaded and prepared (it reads the build, the config and the route manifests). */
async function loadNext() {
  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), port, ...(dev ? { turbopack: true } : {}) });
  await app.prepare();
  console.log(`Next: ready [${seconds()}]`);
  return app;
}

// With a current build (the usual restart), Next loads while the database opens and migrates:
// neither needs the other until the first request. Route handlers reach the database only through
// the adapter shared below, before the server listens.
const distDir = settings.NEXT_DIST_DIR ?? ".next";
const build = mayBuild ? buildIsCurrent(distDir) : undefined;
let nextLoading: ReturnType<typeof loadNext> | undefined;
if (build?.fresh) console.log(`Build: up to date (${build.reason}), not rebuilding. [${seconds()}]`);
if (!build || build.fresh) {
  nextLoading = loadNext();
  // Awaited below; a failure here must not surface as an unhandled rejection before that.
  nextLoading.catch(() => {});
}

let opened: OpenDatabase;
try {
  opened = await prepareDatabase();
} catch (e) {
  if (e instanceof EmbeddedDatabaseLockedError) {
    console.error(`\nStart-up stopped: Gatehouse is already running on this embedded database (process ${e.holder.pid}, since ${e.holder.acquiredAt}).`);
    console.error(`Stop it first, or give this instance its own GATEHOUSE_DATA_DIR. Several instances on one database need PostgreSQL (DATABASE_URL=postgresql://…).`);
    console.error(`If no such process runs, delete ${e.dir}.lock.`);
  } else {
    console.error(`\nStart-up stopped: ${e instanceof Error ? e.message : String(e)}\nThe database was left as it was.`);
  }
  process.exit(1);
}

const dir = pgliteDir(databaseUrl());
let control: Awaited<ReturnType<typeof startControlServer>> | undefined;
try {
  control = opened.adapter.lock && dir ? await startControlServer(dir, opened.adapter.lock, dbCommands(opened)) : undefined;
} catch (e) {
  console.error(`\nStart-up stopped: the CLIs' socket could not be opened: ${e instanceof Error ? e.message : String(e)}`);
  await opened.close().catch(() => {});
  process.exit(1);
}

let server: http.Server | undefined;
let stopping = false;
// How long a stop waits for requests in flight, and for everything (then it exits regardless).
const DRAIN_MS = 5_000;
const STOP_MS = 15_000;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  // A clean close checkpoints the embedded database; do not wait forever on a stuck request.
  setTimeout(() => process.exit(code), STOP_MS).unref();
  // No new connections; requests in flight finish, so an IdP's write is answered rather than cut
  // after it committed (it then retried into a 409) and its log entry joins the flush below.
  // Keep-alive connections close as soon as they are idle; what is still running after DRAIN_MS is cut.
  const closed = new Promise((r) => (server ? server.close(r) : r(undefined)));
  const sweep = setInterval(() => server?.closeIdleConnections(), 25);
  await Promise.race([closed, new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
  clearInterval(sweep);
  server?.closeAllConnections();
  await closed;
  await runShutdownHooks();
  await control?.close().catch(() => {});
  await opened.close().catch((e: unknown) => console.error(e));
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  if (build && !build.fresh) {
    console.log(`Build: ${build.reason}; building.`);
    await run("npx", ["next", "build"]);
    recordBuild(distDir, build.hash);
  }
  // Route handlers join the database opened above (lib/db/client.ts) instead of opening it again.
  shareAdapter(opened.adapter);
  const app = await (nextLoading ?? loadNext());
  const handle = app.getRequestHandler();
  server = http.createServer(dev ? (req, res) => void handle(req, res) : guardedHandler(handle, url, settings.TRUSTED_PROXY_HOPS));
  // An idle keep-alive connection is kept longer than the clients in front keep theirs (load
  // balancers commonly 60 s): with Node's 5 s a client could send on a connection just as the
  // server closed it and get a reset (an IdP's request lost, a 502 from the balancer). Seen in CI:
  // Playwright's request context reused a connection idle for 7 s and got "socket hang up".
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Above keepAliveTimeout, as Node's documentation advises, so a slow request's headers on a kept connection are not cut first.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server!.once("error", reject);
    server!.listen(port, resolve);
  });
  const next = demoTeamPresent
    ? `Demo sign-in: ${DEMO_OWNER_EMAIL} / ${settings.SEED_OWNER_PASSWORD ? "(SEED_OWNER_PASSWORD)" : demoPassword()}`
    : noTeamYet
      ? `No team yet: open ${url}/setup to create the first team and its owner.`
      : `Sign in at ${url}/login.`;
  console.log(`\nGatehouse is serving on ${url} (started in ${seconds()})\n${next}\n`);
} catch (e) {
  console.error(`\nStart-up stopped: ${e instanceof Error ? e.message : String(e)}`);
  await stop(1);
}
