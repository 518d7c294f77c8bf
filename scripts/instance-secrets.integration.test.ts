// Several instances on one PostgreSQL database must share NEXTAUTH_SECRET, JACKSON_ENCRYPTION_KEY
// and JACKSON_CLIENT_SECRET. Unset, each instance generated its own into its data folder and
// served: a session signed by one was "garbage" to the other (signed out at every other request
// behind a round-robin balancer), and SAML connections one encrypted the other could not read.
// A second instance whose generated secrets differ from those the database already knows now
// stops at start-up, naming the settings; with them set to the first one's, it serves. Needs a
// production build and the PostgreSQL server of the development machines and CI.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createOwnDatabase, type OwnDatabase } from "../lib/testing/own-postgres-database";
import { ServerProcess } from "./testing/server-process";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 3;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-instances-"));
let own: OwnDatabase;

const envFor = (name: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const base = `http://127.0.0.1:${port}`;
  const { NEXTAUTH_SECRET: _s, JACKSON_ENCRYPTION_KEY: _k, JACKSON_CLIENT_SECRET: _c, ...rest } = process.env;
  return { ...rest, DATABASE_URL: own.url, GATEHOUSE_DATA_DIR: path.join(root, name), PORT: String(port), APP_URL: base, NEXTAUTH_URL: base, NEXT_TELEMETRY_DISABLED: "1", ...extra };
};

/** Runs start.ts to its end (or until it serves, then stops it): its exit code and output. */
function startOnce(env: NodeJS.ProcessEnv): Promise<{ status: number | null; served: boolean; log: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    let served = false;
    const take = (d: Buffer) => {
      log += d;
      if (!served && /Gatehouse is serving on /.test(log)) {
        served = true;
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.once("exit", (status) => resolve({ status, served, log }));
  });
}

describe("several instances on one PostgreSQL database", () => {
  const first = { server: undefined as ServerProcess | undefined };
  before(async () => {
    assert.ok(fs.existsSync(path.join(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID")), "needs a production build: npx next build");
    own = await createOwnDatabase("gatehouse_instances");
    first.server = new ServerProcess(envFor("a", PORT));
    await first.server.start();
  });
  after(async () => {
    await first.server?.stop();
    await own?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses a second instance whose generated secrets differ, and serves it with the first one's", async () => {
    const second = await startOnce(envFor("b", PORT + 1));
    assert.equal(second.served, false, `a second instance with its own generated secrets served:\n${second.log}`);
    assert.equal(second.status, 1);
    assert.match(second.log, /NEXTAUTH_SECRET/);
    assert.match(second.log, /JACKSON_ENCRYPTION_KEY/);
    assert.doesNotMatch(second.log, /\n\s+at /, "no stack trace");

    // What the database keeps is salted and slow to test guesses against (it is in every backup).
    const db = new pg.Client({ connectionString: own.url });
    await db.connect();
    const { rows } = await db.query<{ fingerprint: string }>(`SELECT fingerprint FROM "InstanceSecretFingerprint"`);
    await db.end();
    assert.equal(rows.length, 3);
    for (const { fingerprint } of rows) assert.match(fingerprint, /^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);

    const a = (file: string) => fs.readFileSync(path.join(root, "a", file), "utf8").trim();
    const shared = { NEXTAUTH_SECRET: a("auth-secret"), JACKSON_ENCRYPTION_KEY: a("jackson-encryption-key"), JACKSON_CLIENT_SECRET: a("jackson-client-secret") };
    const configured = await startOnce(envFor("b", PORT + 1, shared));
    assert.equal(configured.served, true, configured.log);

    // The first instance, restarted with the secrets it generated, is still welcome.
    await first.server!.stop();
    await first.server!.start();
  });
});
