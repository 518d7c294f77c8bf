import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maintenanceDue, staleTables } from "./embedded-maintenance";

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

describe("maintenanceDue (autovacuum's default thresholds)", () => {
  const idle = { dead: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0 };
  it("vacuums past 50 + 20% dead rows or 1,000 + 20% inserted rows, and analyzes past 50 + 10% changed rows", () => {
    assert.deepEqual(
      maintenanceDue([
        { table: "Idle", rows: 100_000, ...idle },
        { table: "Deactivated", rows: 100_000, ...idle, dead: 20_051, modifiedSinceAnalyze: 20_051 },
        { table: "AlmostDeactivated", rows: 100_000, ...idle, dead: 20_050, modifiedSinceAnalyze: 10_050 },
        { table: "Imported", rows: 10_000, ...idle, insertedSinceVacuum: 3_001, modifiedSinceAnalyze: 3_001 },
        { table: "AlmostImported", rows: 10_000, ...idle, insertedSinceVacuum: 3_000 },
        // -1: a table never vacuumed nor analyzed counts as empty.
        { table: "New", rows: -1, ...idle, insertedSinceVacuum: 1_001, modifiedSinceAnalyze: 51 },
        { table: "NewSmall", rows: -1, ...idle, insertedSinceVacuum: 1_000, modifiedSinceAnalyze: 50 },
      ]),
      { vacuum: ["Deactivated", "Imported", "New"], analyze: ["Deactivated", "Imported", "New"] },
    );
  });
});
