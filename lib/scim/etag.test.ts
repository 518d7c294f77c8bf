import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UNMATCHABLE_VERSION, etagFor, ifNoneMatchHits, parseIfMatch } from "./etag";

describe("etagFor", () => {
  it("renders a weak ETag of the version", () => {
    assert.equal(etagFor(7), 'W/"7"');
  });
});

describe("parseIfMatch", () => {
  it("reads weak, strong and unquoted forms", () => {
    assert.equal(parseIfMatch('W/"3"'), 3);
    assert.equal(parseIfMatch('w/"3"'), 3);
    assert.equal(parseIfMatch('"3"'), 3);
    assert.equal(parseIfMatch("3"), 3);
    assert.equal(parseIfMatch(' W/"12" '), 12);
  });

  it("returns undefined when absent, * for any", () => {
    assert.equal(parseIfMatch(null), undefined);
    assert.equal(parseIfMatch(undefined), undefined);
    assert.equal(parseIfMatch("  "), undefined);
    assert.equal(parseIfMatch("*"), "*");
    assert.equal(parseIfMatch('W/"2", *'), "*");
  });

  it("makes tags we never issued fail the precondition instead of being ignored", () => {
    assert.equal(parseIfMatch('W/"abc"'), UNMATCHABLE_VERSION);
    assert.equal(parseIfMatch('"0"'), UNMATCHABLE_VERSION);
    assert.equal(parseIfMatch(","), UNMATCHABLE_VERSION);
  });

  it("takes the newest version from a list", () => {
    assert.equal(parseIfMatch('W/"2", W/"5", "junk"'), 5);
  });
});

describe("ifNoneMatchHits", () => {
  it("matches weakly, in lists, and on *", () => {
    assert.equal(ifNoneMatchHits('W/"4"', 4), true);
    assert.equal(ifNoneMatchHits('"4"', 4), true);
    assert.equal(ifNoneMatchHits('W/"3", W/"4"', 4), true);
    assert.equal(ifNoneMatchHits("*", 4), true);
    assert.equal(ifNoneMatchHits('W/"3"', 4), false);
    assert.equal(ifNoneMatchHits(null, 4), false);
  });
});
