// The SCIM rate limit's shared counter (claim-hits.ts) when instances' clocks differ a little.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { claimHitsIn } from "./claim-hits";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const minute = (clock: string) => new Date(`2026-03-01T${clock}:00Z`);

describe("claiming SCIM hits", () => {
  it("an instance whose clock is still in the minute before does not wipe the count of the minute another began", async () => {
    const claim = claimHitsIn(t.db);
    assert.equal(await claim("scim:skew", 100, minute("10:00"), 60), 100);
    // The instance a second ahead is in 10:01, the other still in 10:00; they take turns.
    assert.equal(await claim("scim:skew", 100, minute("10:01"), 60), 100);
    assert.equal(await claim("scim:skew", 100, minute("10:00"), 60), 200, "counted in 10:01, where the row already is");
    assert.equal(await claim("scim:skew", 100, minute("10:01"), 60), 300);
    // A row further ahead than one window is not trusted (it would hold the token as long).
    assert.equal(await claim("scim:far", 100, minute("12:00"), 60), 100);
    assert.equal(await claim("scim:far", 100, minute("10:00"), 60), 100);
  });
});
