import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import { parseFilter } from "./filter";
import { applyMultiValued } from "./patch-multi-valued";
import type { OpName } from "./patch-request";
import { GROUP_RESOURCE, USER_RESOURCE, findAttribute, type ScimResource } from "./resource-schemas";

const members = findAttribute(GROUP_RESOURCE.core.attributes, "members")!;
const emails = findAttribute(USER_RESOURCE.core.attributes, "emails")!;
const emailValue = findAttribute(emails.subAttributes, "value")!;

const run = (holder: ScimResource, op: OpName, value: unknown, opts: { filter?: string; sub?: boolean; def?: typeof members } = {}) => {
  const def = opts.def ?? members;
  applyMultiValued(holder, def, opts.sub ? emailValue : undefined, opts.filter ? parseFilter(opts.filter) : undefined, "test-path", op, value);
  return holder[def.name];
};

describe("applyMultiValued", () => {
  it("appends without duplicates, reading bare strings as values", () => {
    assert.deepEqual(run({ members: [{ value: "a" }] }, "add", ["a", { value: "b" }, "b"]), [{ value: "a" }, { value: "b" }]);
  });

  it("creates the list when the resource had none", () => {
    assert.deepEqual(run({}, "add", [{ value: "a" }]), [{ value: "a" }]);
    assert.deepEqual(run({}, "replace", { value: "a" }), [{ value: "a" }]);
  });

  it("replace with null empties the list; add with null adds nothing", () => {
    assert.deepEqual(run({ members: [{ value: "a" }] }, "replace", null), []);
    assert.deepEqual(run({ members: [{ value: "a" }] }, "add", null), [{ value: "a" }]);
  });

  it("removes by listed value or by filter; an unmatched filter removes nothing", () => {
    assert.deepEqual(run({ members: [{ value: "a" }, { value: "b" }] }, "remove", [{ value: "b" }]), [{ value: "a" }]);
    assert.deepEqual(run({ members: [{ value: "a" }, { value: "b" }] }, "remove", undefined, { filter: 'value eq "a"' }), [{ value: "b" }]);
    assert.deepEqual(run({ members: [{ value: "a" }] }, "remove", undefined, { filter: 'value eq "z"' }), [{ value: "a" }]);
  });

  it("answers noTarget for a replace whose filter matches nothing and describes no value to add", () => {
    assert.throws(
      () => run({ members: [{ value: "a" }] }, "replace", { display: "x" }, { filter: 'value co "z"' }),
      (e: unknown) => e instanceof ScimError && e.scimType === "noTarget" && /test-path/.test(e.detail),
    );
  });

  it("sets a sub-attribute on every value when there is no filter", () => {
    const out = run({ emails: [{ value: "a@x", type: "work" }] }, "replace", "b@x", { def: emails, sub: true });
    assert.deepEqual(out, [{ type: "work", value: "b@x" }]);
    assert.deepEqual(run({}, "add", "c@x", { def: emails, sub: true }), [{ value: "c@x" }]);
  });

  it("refuses to add a value it cannot build from a non-equality filter", () => {
    assert.throws(
      () => run({ emails: [] }, "add", "x@y", { def: emails, sub: true, filter: 'type co "wor"' }),
      (e: unknown) => e instanceof ScimError && e.scimType === "noTarget",
    );
  });

  // Found by a review: add, replace and remove compared every value with every other, so a PATCH of
  // one group's members cost O(n²) under the team's lock, and synchronously: 5,000 members took 10 s,
  // 20,000 took 147 s (the transaction gave up at 30 s: a 500, the team's writes and, on the embedded
  // database, every team's queued behind it all along).
  it("reads each value a bounded number of times: add, replace and remove do not compare every pair", () => {
    // Counted, not timed: each member's value is read through a getter.
    const n = 2_000;
    let reads = 0;
    const counted = (prefix: string) =>
      Array.from({ length: n }, (_, i) => ({
        get value() {
          reads++;
          return `${prefix}-${i}`;
        },
      }));
    const bounded = (what: string, fn: () => unknown) => {
      reads = 0;
      const out = fn();
      assert.ok(reads <= 50 * n, `${what} read values ${reads} times for ${n} members`);
      return out;
    };
    // Adding members a group already has (Okta re-pushes the whole group) merges each into its match;
    // in reverse order, so that a pairwise search would read every member not yet merged.
    const added = bounded("add", () => run({ members: counted("m") }, "add", [...counted("m").reverse(), { value: "m-0", display: "zero" }])) as ScimResource[];
    assert.equal(added.length, n);
    assert.deepEqual({ ...added[0] }, { value: "m-0", display: "zero" });
    assert.equal((bounded("replace", () => run({ members: counted("m") }, "replace", counted("m").reverse())) as unknown[]).length, n);
    assert.deepEqual(bounded("remove", () => run({ members: counted("m") }, "remove", counted("m").slice(1))), [{ value: "m-0" }]);
  });
});
