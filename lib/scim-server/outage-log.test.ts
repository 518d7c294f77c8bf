import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { outageLog } from "./outage-log";

describe("outageLog", () => {
  it("writes the first failure at once, counts the rest of the window, and reports them with the next line", () => {
    const lines: string[] = [];
    let t = 0;
    const log = outageLog((l) => lines.push(l), () => t, 10_000);
    log("away 1");
    for (let i = 0; i < 1_999; i++) log("away");
    t = 9_999;
    log("away");
    assert.deepEqual(lines, ["away 1"]);
    t = 10_000;
    log("away 2");
    assert.deepEqual(lines, ["away 1", "away 2 (and 2000 more like it since the last such line)"]);
    t = 30_000;
    log("away 3");
    assert.equal(lines.at(-1), "away 3");
  });
});
