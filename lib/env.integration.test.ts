import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

describe("start-up with a bad setting", () => {
  it("stops before touching the database, naming the variable (it used to 429 every SCIM request)", () => {
    const run = spawnSync("npx", ["tsx", "scripts/start.ts", "--no-build"], {
      env: { ...process.env, SCIM_RATE_LIMIT_PER_MINUTE: "abc", DATABASE_URL: "pglite:memory" },
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /Start-up stopped\. Invalid settings:\n {2}- SCIM_RATE_LIMIT_PER_MINUTE: expected a whole number \(got "abc"\)/);
    assert.doesNotMatch(run.stdout, /Database:/);
  });
});

describe("generated secrets", () => {
  // A secret file is created, then written: a crash or power loss between the two (the write was
  // not flushed) left it empty, and a reader at that moment read it empty too. An empty
  // auth-secret made every sign-in a 500 ("There is a problem with the server configuration") for
  // as long as the file stayed so; nothing can have been signed or encrypted with it.
  it("replaces an empty secret file with a generated secret, and keeps it", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-secret-"));
    try {
      process.env.GATEHOUSE_DATA_DIR = dir;
      const { persistentSecret } = await import("./env");
      fs.writeFileSync(path.join(dir, "empty-secret"), "");
      const secret = persistentSecret(undefined, "empty-secret");
      assert.ok(secret.length >= 32, `a usable secret, not ${JSON.stringify(secret)}`);
      assert.equal(fs.readFileSync(path.join(dir, "empty-secret"), "utf8").trim(), secret, "kept for the next start");
      assert.equal(fs.statSync(path.join(dir, "empty-secret")).mode & 0o777, 0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
