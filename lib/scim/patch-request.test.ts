import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PATCH_OP_SCHEMA } from "./constants";
import { ScimError, type ScimType } from "./errors";
import { readOperations } from "./patch-request";

const rejects = (body: unknown, scimType: ScimType, detail: RegExp) =>
  assert.throws(() => readOperations(body), (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === scimType && detail.test(e.detail));

describe("readOperations", () => {
  it("lower-cases op names, drops blank paths and keeps values", () => {
    assert.deepEqual(
      readOperations({
        schemas: [PATCH_OP_SCHEMA.toUpperCase()],
        operations: [
          { Op: "Add", Path: "members", Value: [{ value: "m" }] },
          { op: " REMOVE ", path: "  " },
        ],
      }),
      [
        { op: "add", path: "members", value: [{ value: "m" }] },
        { op: "remove", value: undefined },
      ],
    );
  });

  it("rejects a malformed envelope or operation", () => {
    rejects(null, "invalidSyntax", /JSON object/);
    rejects({ schemas: "x", Operations: [{ op: "add", value: {} }] }, "invalidSyntax", /schemas must contain/);
    rejects({ Operations: {} }, "invalidSyntax", /non-empty array/);
    rejects({ Operations: ["add"] }, "invalidSyntax", /Operations\[0\] must be an object/);
    rejects({ Operations: [{ op: "move", path: "a" }] }, "invalidSyntax", /unknown op "move"/);
    rejects({ Operations: [{ op: "replace", path: "a" }] }, "invalidSyntax", /needs a value/);
    rejects({ Operations: [{ op: "remove", path: 5 }] }, "invalidPath", /path must be a string/);
  });

  it("accepts null as a value (unassign) but not a missing one", () => {
    assert.deepEqual(readOperations({ Operations: [{ op: "replace", path: "displayName", value: null }] }), [
      { op: "replace", path: "displayName", value: null },
    ]);
  });
});
