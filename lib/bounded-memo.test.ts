import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { boundedMemo } from "./bounded-memo";

describe("boundedMemo", () => {
  it("works a key out once, forgets all at its bound, and never keeps a long key", () => {
    const seen: string[] = [];
    const upper = boundedMemo((k) => (seen.push(k), k.toUpperCase()), { max: 2, maxKeyChars: 3 });
    assert.deepEqual([upper("a"), upper("a"), upper("b"), upper("a")], ["A", "A", "B", "A"]);
    assert.deepEqual(seen, ["a", "b"]);
    upper("c"); // the third: the memo starts again
    upper("a");
    assert.deepEqual(seen, ["a", "b", "c", "a"]);
    upper("long");
    upper("long");
    assert.deepEqual(seen.slice(4), ["long", "long"]);
  });
});
