// npm start — the one command that runs Gatehouse: apply migrations, seed the demo team, build,
// serve. `npm run dev` does the same with `next dev` instead of build + start.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { databaseKind, databaseUrl, redactUrl } from "../lib/db/database-url";
import { migrateDatabase } from "../lib/db/migrations";
import { openDatabase } from "../lib/db/open";
import { appUrl, env } from "../lib/env";
import { DEMO_OWNER_EMAIL, demoPassword, seed } from "./seed";

const dev = process.argv.includes("--dev");
// --no-build: serve the existing build (the e2e run builds once, before Playwright starts us).
const build = !dev && !process.argv.includes("--no-build");
const port = env().PORT;
const url = appUrl();
const childEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  APP_URL: url,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url,
};

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = childEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${signal ?? code}`))));
  });
}

async function prepareDatabase() {
  const applied = await migrateDatabase();
  console.log(`Database: ${databaseKind()} ${redactUrl(databaseUrl())} (${applied.length ? `applied ${applied.join(", ")}` : "up to date"})`);
  if (process.env.GATEHOUSE_SEED === "false") return;
  const { db: prisma, close } = await openDatabase();
  try {
    const result = await seed(prisma);
    if (result === "created") console.log(`Seeded demo team "acme".`);
  } finally {
    await close();
  }
}

try {
  await prepareDatabase();
} catch (e) {
  console.error(`\nStart-up stopped: ${e instanceof Error ? e.message : String(e)}\nThe database was left as it was.`);
  process.exit(1);
}

if (build) await run("npx", ["next", "build"]);
console.log(`\nGatehouse is starting on ${url}\nDemo sign-in: ${DEMO_OWNER_EMAIL} / ${process.env.SEED_OWNER_PASSWORD ? "(SEED_OWNER_PASSWORD)" : demoPassword()}\n`);
// The server runs in a node of our own rather than behind npx (one process less, ~70 MB). A small
// young generation and a bounded old space make V8 collect before it grows the heap, and two
// malloc arenas stop glibc keeping one per thread: ~90 MB less resident under 50 SCIM clients
// (bench/load.ts; README "Memory"). An operator's own NODE_OPTIONS come after ours and win.
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const serverEnv = dev
  ? childEnv
  : {
      ...childEnv,
      NODE_OPTIONS: `--max-semi-space-size=4 --max-old-space-size=256 ${process.env.NODE_OPTIONS ?? ""}`.trim(),
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
    };
await run(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(port)], serverEnv).catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
