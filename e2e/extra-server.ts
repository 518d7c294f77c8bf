import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

// A second app server for the tests that need what the shared one cannot have: an empty database
// with no demo seed (first-run) and no SMTP_URL (links to copy). Serves the same build, on the
// port after the e2e port, with a data folder of its own wiped first.
export const EXTRA_PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
export const EXTRA_URL = `http://127.0.0.1:${EXTRA_PORT}`;

export async function startExtraServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = `data/e2e-${EXTRA_PORT}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(EXTRA_PORT),
    APP_URL: EXTRA_URL,
    NEXTAUTH_URL: EXTRA_URL,
    DATABASE_URL: `pglite:./${dataDir}/pglite`,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_SEED: "false",
    GATEHOUSE_TEST_ROUTES: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.SMTP_URL;
  const child: ChildProcess = spawn("npx", ["tsx", "scripts/start.ts", "--no-build"], { env, stdio: "ignore", detached: true });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`extra server exited with ${child.exitCode}`);
    const up = await fetch(`${EXTRA_URL}/login`, { redirect: "manual" }).then(() => true, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url: EXTRA_URL,
    stop: async () => {
      if (child.pid && child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid, "SIGTERM");
        await exited;
      }
    },
  };
}
