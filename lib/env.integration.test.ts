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
