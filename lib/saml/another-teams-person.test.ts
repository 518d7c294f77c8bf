import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addressesIn } from "./another-teams-person";

describe("addressesIn", () => {
  it("finds the addresses a value holds, however they are wrapped", () => {
    assert.deepEqual(addressesIn("Ada <ada@acme.test>"), ["ada@acme.test"]);
    assert.deepEqual(addressesIn("mailto:ada@acme.test"), ["ada@acme.test"]);
    assert.deepEqual(addressesIn("SMTP:ada@acme.test; smtp:a.l@eu.acme.test"), ["ada@acme.test", "a.l@eu.acme.test"]);
    assert.deepEqual(addressesIn("ada@acme.test,bob@beta.test (work)"), ["ada@acme.test", "bob@beta.test"]);
    assert.deepEqual(addressesIn("no address here"), []);
    assert.deepEqual(addressesIn("@ alone, and trailing@"), []);
    // As the regex read them (found by review of the scan's first version, which missed these).
    assert.deepEqual(addressesIn("ceo@@victim.test"), ["ceo@@victim.test"]);
    assert.deepEqual(addressesIn("a:@b ceo@x:y@victim.test"), ["ceo@x:y@victim.test"]);
    assert.equal(addressesIn(`${"x@y, ".repeat(60)}ceo@victim.test`).at(-1), "ceo@victim.test");
  });

  // A regex for the same backtracked quadratically on a long value without "@" (50 s for 200,000
  // characters, found by review). Linear: this takes milliseconds; with the regex, minutes.
  it("reads a value of a million characters, with or without an address, at once", () => {
    assert.deepEqual(addressesIn("a".repeat(1_000_000)), []);
    assert.equal(addressesIn(`${"a".repeat(500_000)}@${"b".repeat(500_000)}`).length, 1);
    assert.equal(addressesIn("a@".repeat(300_000)).length, 1);
  });

  // The regex it replaces, on short values (where its backtracking costs nothing): the same addresses.
  it("finds what the regex found, on any short value", () => {
    const REGEX = /[^\s<>"'(),;:]+@[^\s<>"'(),;]+/g;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab@:.- ,;<>\"'()\t"), maxLength: 40 }), (value) => {
        assert.deepEqual(addressesIn(value), value.match(REGEX) ?? []);
      }),
      { numRuns: 5_000 },
    );
  });
});
