import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { lenientBoolean, parseLenientBoolean } from "./lenient-boolean";

describe("lenient booleans", () => {
  it("accepts JSON booleans and Entra's string forms, any case", () => {
    assert.equal(parseLenientBoolean(true), true);
    assert.equal(parseLenientBoolean("False"), false);
    assert.equal(parseLenientBoolean("TRUE"), true);
    assert.equal(parseLenientBoolean(" true "), true);
  });

  it("rejects everything else", () => {
    for (const v of ["yes", "1", 1, 0, null, undefined, {}]) assert.equal(parseLenientBoolean(v), undefined, String(v));
    assert.equal(lenientBoolean.safeParse("nope").success, false);
    assert.equal(lenientBoolean.safeParse(1).success, false);
    assert.equal(lenientBoolean.parse("False"), false);
  });
});
