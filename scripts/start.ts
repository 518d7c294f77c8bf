// npm start — the one command that runs Gatehouse: apply migrations, seed the demo team, build,
// serve. `npm run dev` does the same with `next dev` instead of build + start.
import { spawn } from "node:child_process";
import { databaseKind, databaseUrl, redactUrl } from "../lib/db/database-url";
import { migrateDatabase } from "../lib/db/migrations";
import { openDatabase } from "../lib/db/open";
import { appUrl, env, InvalidSettingsError, type Env } from "../lib/env";
import { DEMO_OWNER_EMAIL, demoPassword, seed } from "./seed";

const dev = process.argv.includes("--dev");
// --no-build: serve the existing build (the e2e run builds once, before Playwright starts us).
const build = !dev && !process.argv.includes("--no-build");
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
const childEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  APP_URL: url,
  NEXTAUTH_URL: settings.NEXTAUTH_URL ?? url,
};

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: childEnv });
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${signal ?? code}`))));
  });
}

async function prepareDatabase() {
  const applied = await migrateDatabase();
  console.log(`Database: ${databaseKind()} ${redactUrl(databaseUrl())} (${applied.length ? `applied ${applied.join(", ")}` : "up to date"})`);
  if (!settings.GATEHOUSE_SEED) return;
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
console.log(`\nGatehouse is starting on ${url}\nDemo sign-in: ${DEMO_OWNER_EMAIL} / ${settings.SEED_OWNER_PASSWORD ? "(SEED_OWNER_PASSWORD)" : demoPassword()}\n`);
// Production: scripts/serve.ts (Next's handler behind request-line and client-address checks).
await run("npx", dev ? ["next", "dev", "-p", String(port)] : ["tsx", "scripts/serve.ts"]).catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
