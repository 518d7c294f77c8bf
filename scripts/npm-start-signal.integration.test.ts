// `npm start` is how the README runs Gatehouse, and supervisors stop it by signalling the process
// they started: npm (docker stop on `CMD ["npm", "start"]`, `kill <pid>`, systemd with
// KillMode=mixed). npm passes SIGTERM to the shell it runs the script in; dash died of it without
// passing it on, so the server was left running with no parent, still serving and still holding
// the embedded database, and the supervisor's next start was refused ("already running"). The
// server must get the signal and stop cleanly. Needs a production build.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 5;
const DATA = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-npm-signal-"));
const LOCK = path.join(DATA, "pglite.lock");
const BASE = `http://127.0.0.1:${PORT}`;
const ENV = { ...process.env, DATABASE_URL: "", GATEHOUSE_DATA_DIR: DATA, PORT: String(PORT), APP_URL: BASE, NEXTAUTH_URL: BASE, NEXT_TELEMETRY_DISABLED: "1" };

const listening = () =>
  new Promise<boolean>((resolve) => {
    const probe = net.connect(PORT, "127.0.0.1", () => (probe.destroy(), resolve(true))).once("error", () => resolve(false));
  });

/** The server's pid, from the lock it holds (null once it let go). */
const serverPid = (): number | null => {
  try {
    return (JSON.parse(fs.readFileSync(LOCK, "utf8")) as { pid: number }).pid;
  } catch {
    return null;
  }
};

describe("npm start and signals", () => {
  after(() => {
    // An orphaned server (the failure this test looks for) is ours to end.
    const pid = serverPid();
    if (pid) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    fs.rmSync(DATA, { recursive: true, force: true });
  });

  it("stops the server, cleanly, when npm is sent SIGTERM", async () => {
    assert.ok(fs.existsSync(path.join(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID")), "needs a production build: npx next build");
    const npm = spawn("npm", ["start", "--", "--no-build"], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    await new Promise<void>((resolve, reject) => {
      const take = (d: Buffer) => {
        log += d;
        if (/Gatehouse is serving on /.test(log)) resolve();
      };
      npm.stdout.on("data", take);
      npm.stderr.on("data", take);
      npm.once("exit", (code) => reject(new Error(`npm start exited ${code}:\n${log}`)));
    });
    const server = serverPid();
    assert.ok(server && server !== npm.pid, "the server is a process of its own");

    npm.kill("SIGTERM");
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && ((await listening()) || serverPid() !== null)) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await listening(), false, `the server still serves after npm was stopped:\n${log}`);
    assert.equal(serverPid(), null, "the server let go of the embedded database (a clean stop)");
  });
});
