import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { staleTables } from "./embedded-statistics";

describe("staleTables", () => {
  it("names tables never analyzed, and those whose size drifted past 50 rows + 10%", () => {
    assert.deepEqual(
      staleTables([
        { table: "Never", estimated: -1, actual: 0 },
        { table: "Grew", estimated: 5, actual: 10_000 },
        { table: "Shrank", estimated: 10_000, actual: 8_000 },
        { table: "Close", estimated: 10_000, actual: 11_000 },
        { table: "Small", estimated: 0, actual: 50 },
      ]),
      ["Never", "Grew", "Shrank"],
    );
  });
});
