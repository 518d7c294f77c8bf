// What npm start prints once it serves is what a newcomer does next. With GATEHOUSE_SEED=false
// on an empty database there is no demo team, and the first-run page (/setup) is the way in; it
// printed "Demo sign-in: owner@acme.test / gatehouse-demo" all the same, an account that does not
// exist. Needs a production build.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ServerProcess } from "./testing/server-process";

// +7: the integration run's E2E_PORT=3300 plus 6 is MariaDB's 3306 on these machines.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-first-run-"));

describe("npm start's closing lines", () => {
  const server = new ServerProcess({ ...process.env, DATABASE_URL: "", GATEHOUSE_DATA_DIR: DATA, GATEHOUSE_SEED: "false", PORT: String(PORT), APP_URL: BASE, NEXTAUTH_URL: BASE, NEXT_TELEMETRY_DISABLED: "1" });
  after(async () => {
    await server.stop();
    fs.rmSync(DATA, { recursive: true, force: true });
  });

  it("points an empty server without the demo team to the first-run page, not to a demo login", async () => {
    assert.ok(fs.existsSync(path.join(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID")), "needs a production build: npx next build");
    await server.start();
    assert.doesNotMatch(server.log, /Demo sign-in/, server.log);
    assert.match(server.log, new RegExp(`${BASE}/setup`));
  });
});
