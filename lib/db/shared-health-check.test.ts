import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sharedHealthCheck, type DatabaseHealth } from "./shared-health-check";

/** A check whose answers the test gives, one per call, counting the calls. */
function scriptedCheck() {
  const pending: ((health: DatabaseHealth) => void)[] = [];
  let calls = 0;
  return {
    check: () => {
      calls++;
      return new Promise<DatabaseHealth>((resolve) => pending.push(resolve));
    },
    answer: (health: DatabaseHealth) => pending.shift()!(health),
    calls: () => calls,
  };
}

describe("sharedHealthCheck", () => {
  it("runs one check at a time: callers while it runs share its answer", async () => {
    const s = scriptedCheck();
    const shared = sharedHealthCheck(s.check, { now: () => 0, log: () => {} });
    const asked = Array.from({ length: 50 }, () => shared());
    assert.equal(s.calls(), 1);
    s.answer("not answering");
    assert.deepEqual(new Set(await Promise.all(asked)), new Set(["not answering"]));
  });

  it("reuses an answer for a second, then asks again", async () => {
    const s = scriptedCheck();
    let t = 0;
    const shared = sharedHealthCheck(s.check, { now: () => t, log: () => {} });
    const first = shared();
    s.answer("ok");
    assert.equal(await first, "ok");
    t = 999;
    assert.equal(await shared(), "ok");
    assert.equal(s.calls(), 1);
    t = 1_000;
    const second = shared();
    assert.equal(s.calls(), 2);
    s.answer("unreachable");
    assert.equal(await second, "unreachable");
  });

  it("counts a check that throws as unreachable", async () => {
    const shared = sharedHealthCheck(() => Promise.reject(new Error("no such host")), { log: () => {} });
    assert.equal(await shared(), "unreachable");
  });

  it("logs each change of answer once, the first answer only when it is not ok", async () => {
    const answers: DatabaseHealth[] = ["ok", "ok", "unreachable", "unreachable", "not answering", "ok", "ok"];
    const lines: string[] = [];
    let t = 0;
    const shared = sharedHealthCheck(async () => answers.shift()!, { now: () => (t += 2_000), log: (line) => lines.push(line) });
    for (let i = 0; i < 7; i++) await shared();
    assert.deepEqual(lines, ["Health check: the database is unreachable", "Health check: the database is not answering", "Health check: the database answers again"]);
  });
});
