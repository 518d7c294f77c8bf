import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MAX_BODY_BYTES } from "./constants";
import { parseScimBody } from "./body";
import { ScimError } from "./errors";

const fails = (text: string, status: number, scimType?: string) =>
  assert.throws(() => parseScimBody(text), (e: unknown) => e instanceof ScimError && e.status === status && e.scimType === scimType);

describe("parseScimBody", () => {
  it("returns the JSON object", () => {
    assert.deepEqual(parseScimBody('{"userName":"a"}'), { userName: "a" });
  });

  it("rejects malformed JSON and non-objects as invalidSyntax", () => {
    fails("{", 400, "invalidSyntax");
    fails("", 400, "invalidSyntax");
    fails("[1]", 400, "invalidSyntax");
    fails("null", 400, "invalidSyntax");
  });

  it("rejects bodies over the byte cap with 413, counting bytes not characters", () => {
    fails(JSON.stringify({ a: "x".repeat(MAX_BODY_BYTES) }), 413);
    const multiByte = JSON.stringify({ a: "é".repeat(MAX_BODY_BYTES / 2) });
    assert.ok(multiByte.length < MAX_BODY_BYTES * 1.01);
    fails(multiByte, 413);
  });
});
