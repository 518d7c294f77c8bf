import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VersionMismatchError } from "../members/errors";
import { retryStalePatch } from "./retry-stale-patch";

const failingTimes = (n: number, error: () => Error = () => new VersionMismatchError()) => {
  let calls = 0;
  const patchOnce = async () => {
    calls++;
    if (calls <= n) throw error();
    return "written";
  };
  return { patchOnce, calls: () => calls };
};

describe("retryStalePatch", () => {
  it("tries a PATCH that lost a race once more when the client sent no If-Match", async () => {
    const p = failingTimes(1);
    assert.equal(await retryStalePatch(undefined, p.patchOnce), "written");
    assert.equal(p.calls(), 2);
  });

  it("gives up after one retry, and never retries with If-Match or for other errors", async () => {
    await assert.rejects(retryStalePatch(undefined, failingTimes(2).patchOnce), VersionMismatchError);
    const withIfMatch = failingTimes(1);
    await assert.rejects(retryStalePatch(3, withIfMatch.patchOnce), VersionMismatchError);
    assert.equal(withIfMatch.calls(), 1);
    const other = failingTimes(1, () => new Error("boom"));
    await assert.rejects(retryStalePatch(undefined, other.patchOnce), /boom/);
    assert.equal(other.calls(), 1);
  });
});
