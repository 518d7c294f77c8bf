// npm test — every test the project has, in order: production build (which type-checks every
// file, tests included), unit, integration (real database: embedded PGlite, or PostgreSQL when
// DATABASE_URL names one; one file serves the build), Playwright e2e.
// Prints one closing line "N passed, N failed" over all suites and exits non-zero on any failure.
//   npm test -- --only=unit,integration     run a subset (typecheck, unit, integration, build, e2e)
//   --engine-tests-only                     integration: leave out the files that open databases
//                                           of their own (for a second run on another engine)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { env } from "../lib/env";
import { recordBuild, sourceHash } from "./lib/build-stamp";

const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const enabled = (step: string) => !only || only.includes(step);

function findTests(dir: string, suffix: RegExp, exclude?: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // scratch-*: reviewers' reproductions (git-ignored), some failing on purpose.
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name.startsWith("scratch-")) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(p, suffix, exclude));
    else if (suffix.test(entry.name) && !exclude?.test(entry.name)) out.push(p);
  }
  return out.sort();
}

type Counts = { passed: number; failed: number };
const total: Counts = { passed: 0, failed: 0 };
const summary: string[] = [];

function run(label: string, cmd: string, args: string[], parse?: (out: string) => Counts, env: Record<string, string> = {}): Promise<boolean> {
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d;
      process.stderr.write(d);
    });
    child.on("exit", (code) => {
      const counts = parse?.(out);
      if (counts) {
        total.passed += counts.passed;
        total.failed += counts.failed;
      }
      const ok = code === 0 && (!counts || counts.failed === 0);
      summary.push(`${ok ? "ok  " : "FAIL"} ${label}${counts ? `: ${counts.passed} passed, ${counts.failed} failed` : ""}`);
      resolve(ok);
    });
  });
}

// node:test's spec reporter ends with "ℹ pass N" / "ℹ fail N".
const nodeCounts = (out: string): Counts => ({
  passed: Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0),
  failed: Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0),
});
// Playwright's list reporter ends with "N passed" and, if any, "N failed".
const playwrightCounts = (out: string): Counts => ({
  passed: Number(/(\d+) passed/.exec(out)?.[1] ?? 0),
  failed: Number(/(\d+) failed/.exec(out)?.[1] ?? 0) + Number(/(\d+) flaky/.exec(out)?.[1] ?? 0),
});

const nodeTest = ["--import", "tsx", "--test", "--test-reporter=spec"];

async function build(): Promise<boolean> {
  // Stamped like `npm start`'s own builds, so a start after the tests serves this build as it is.
  const hash = sourceHash();
  const built = await run("build (type check included)", "npx", ["next", "build"]);
  if (built) recordBuild(process.env.NEXT_DIST_DIR ?? ".next", hash);
  return built;
}

let ok = true;
// `next build` type-checks every file tsconfig.json includes, tests too (next.config.ts keeps it
// on), so a run that builds leaves the type check to it: the same check twice was 20-40 s of
// CPU in every npm test and CI run. The build then runs first, so a type error still shows early.
const buildChecksTypes = enabled("build");
if (enabled("typecheck") && !buildChecksTypes) ok = (await run("typecheck", "npx", ["tsc", "--noEmit", "-p", "."])) && ok;
if (buildChecksTypes) ok = (await build()) && ok;
if (enabled("unit")) {
  // In one process: unit tests touch no database, server or folder of their own, and a process
  // per file (node --test's way) spent 50 of the suite's 53 s starting processes and compiling
  // TypeScript again. Node 20 has no option for it (--experimental-test-isolation is Node 22's), so
  // one module imports them all; an ES module (.mts) for the files' top-level awaits.
  const files = findTests(".", /\.test\.tsx?$/, /\.integration\.test\.tsx?$/).filter((f) => !f.startsWith("e2e"));
  const entry = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-unit-")), "unit-tests.mts");
  fs.writeFileSync(entry, files.map((f) => `import ${JSON.stringify(pathToFileURL(path.resolve(f)).href)};\n`).join(""));
  ok = (await run("unit", "node", ["--import", "tsx", "--test-reporter=spec", entry], nodeCounts)) && ok;
  fs.rmSync(path.dirname(entry), { recursive: true, force: true });
}
// These test files open databases of their own whatever DATABASE_URL says (embedded folders and
// servers, or a PostgreSQL database of their own), so a second run on another engine (.ci/run's
// PostgreSQL run, with --engine-tests-only) would only repeat them.
const OWN_DATABASES = [
  "lib/db/control-socket.integration.test.ts",
  "lib/db/embedded-lock.integration.test.ts",
  "lib/db/move-to-postgres.integration.test.ts",
  "lib/db/restore-while-writing.integration.test.ts",
  "lib/db/statement-names.integration.test.ts",
  "lib/invitations/concurrent-accept.integration.test.ts",
  "lib/members/concurrent-writes.integration.test.ts",
  "lib/members/owner-invariant-bursts.integration.test.ts",
  "lib/members/sign-in-address-race.integration.test.ts",
  "lib/members/sign-in-stamp-race.integration.test.ts",
  "lib/password-reset/reset-address-race.integration.test.ts",
  "lib/env.integration.test.ts",
  "lib/saml/owner-approval-race.integration.test.ts",
  "lib/saml/setup-link-revoke-race.integration.test.ts",
  "lib/saml/connection-change-login-race.integration.test.ts",
  "lib/audit/standing-lock-order.integration.test.ts",
  "lib/saml/sp-key-shared.integration.test.ts",
  "lib/scim-tokens/revocation-race.integration.test.ts",
  "scripts/crash-mid-burst.integration.test.ts",
  "scripts/db-backup-cli.integration.test.ts",
  "scripts/db-restore-postgres.integration.test.ts",
  "scripts/embedded-server.integration.test.ts",
  "scripts/first-run-banner.integration.test.ts",
  "scripts/instance-secrets.integration.test.ts",
  "scripts/npm-start-signal.integration.test.ts",
  "scripts/team-cli.integration.test.ts",
];

// Integration runs after the build: scripts/embedded-server.integration.test.ts serves it.
if (enabled("integration")) {
  let files = findTests(".", /\.integration\.test\.tsx?$/);
  const missing = OWN_DATABASES.filter((f) => !files.includes(f));
  if (missing.length) throw new Error(`scripts/test.ts names test files that do not exist: ${missing.join(", ")}`);
  if (process.argv.includes("--engine-tests-only")) files = files.filter((f) => !OWN_DATABASES.includes(f));
  // react-server: route handlers import "server-only", which only that condition allows outside Next.
  ok = (await run(`integration (${env().DATABASE_URL ? "DATABASE_URL" : "embedded PGlite"})`, "node", ["--conditions=react-server", ...nodeTest, "--test-concurrency=1", ...files], nodeCounts)) && ok;
}
if (enabled("e2e")) ok = (await run("e2e", "npx", ["playwright", "test", "--reporter=list"], playwrightCounts)) && ok;

console.log(`\n=== Summary\n${summary.join("\n")}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(ok ? 0 : 1);
