// A PATCH may hold thousands of operations (a 1 MB body holds some 11,000 of Okta's member
// removals), and a group thousands of members. Applied one by one, each operation copied and
// scanned the whole member list: 11,000 operations on a 5,000-member group took the event loop
// for seconds (every team's requests waited; a bigger group, minutes). Runs of whole-member adds
// and removals (Okta's and Entra's forms) are applied in one pass; any other operation on a list
// is counted against a work budget, past which the PATCH is a 413 and changes nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { GROUP_SCHEMA, PATCH_OP_SCHEMA } from "./constants";
import { ScimError } from "./errors";
import { applyPatch, MAX_PATCH_WORK } from "./patch";
import { GROUP_RESOURCE, type ScimResource } from "./resource-schemas";

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const group = (size: number): ScimResource => ({
  schemas: [GROUP_SCHEMA],
  id: "g1",
  displayName: "Big",
  members: Array.from({ length: size }, (_, i) => ({ value: id(i), display: `m${i}`, type: "User" })),
  meta: { resourceType: "Group" },
});
const body = (Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations });
const memberIds = (g: ScimResource) => (g.members as { value: string }[]).map((m) => m.value);

describe("applyPatch: many operations on a big group", () => {
  it("applies 11,000 of Okta's removals and Entra's adds to a 5,000-member group in one pass", () => {
    const ops = Array.from({ length: 11_000 }, (_, i) =>
      i % 2 === 0 ? { op: "remove", path: `members[value eq "${id(i % 7_000)}"]` } : { op: "Add", path: "members", value: [{ value: id(5_000 + i) }] },
    );
    // Applied one by one, these would walk 11,000 × 5,000 values: past MAX_PATCH_WORK, a 413.
    const after = applyPatch(group(5_000), body(ops), GROUP_RESOURCE);
    const removed = new Set(ops.filter((o) => o.op === "remove").map((o) => o.path!.slice(18, 54)));
    const expected = [...Array.from({ length: 5_000 }, (_, i) => id(i)).filter((v) => !removed.has(v)), ...ops.filter((o) => o.op === "Add").map((o) => (o.value as { value: string }[])[0]!.value)];
    assert.deepEqual(memberIds(after), expected);
  });

  it("refuses with 413, before the work, operations that each scan a big list past the budget", () => {
    const ops = Array.from({ length: 11_000 }, () => ({ op: "remove", path: 'members[value co "zzz"]' }));
    assert.throws(
      () => applyPatch(group(5_000), body(ops), GROUP_RESOURCE),
      (e: unknown) => e instanceof ScimError && e.status === 413 && e.scimType === undefined && /split/i.test(e.detail),
    );
    // Within the budget the same operations apply.
    const few = Math.floor(MAX_PATCH_WORK / 5_001);
    assert.equal(memberIds(applyPatch(group(5_000), body(ops.slice(0, few)), GROUP_RESOURCE)).length, 5_000);
  });

  it("one PATCH of many member operations ends as the same operations sent one PATCH each", () => {
    const ids = Array.from({ length: 6 }, (_, i) => id(i));
    const member = fc.oneof(
      fc.constantFrom(...ids).map((value) => ({ value })),
      fc.constantFrom(...ids).map((value) => ({ value, display: "x", type: "User" })),
      fc.constantFrom(...ids),
    );
    const op = fc.oneof(
      fc.record({ op: fc.constantFrom("add", "Add", "remove", "Remove"), path: fc.constantFrom("members", "Members"), value: fc.oneof(fc.array(member, { maxLength: 4 }), member) }),
      fc.record({ op: fc.constantFrom("remove", "Remove"), path: fc.constantFrom(...ids).map((v) => `members[value eq "${v}"]`) }),
      fc.record({ op: fc.constantFrom("replace", "add"), path: fc.constant("members"), value: fc.array(member, { maxLength: 3 }) }),
      fc.record({ op: fc.constant("remove"), path: fc.constant("members") }),
      fc.record({ op: fc.constant("replace"), path: fc.constant("displayName"), value: fc.constantFrom("A", "B") }),
    );
    const start = fc.array(fc.constantFrom(...ids), { maxLength: 6 }).map((vs) => ({ ...group(0), members: vs.map((value) => ({ value, display: value.slice(-1) })) }));
    fc.assert(
      fc.property(start, fc.array(op, { minLength: 1, maxLength: 8 }), (g, operations) => {
        let oneByOne: ScimResource | ScimError = g;
        for (const o of operations) {
          try {
            oneByOne = applyPatch(oneByOne, body([o]), GROUP_RESOURCE);
          } catch (e) {
            if (!(e instanceof ScimError)) throw e;
            oneByOne = e;
            break;
          }
        }
        let together: ScimResource | ScimError;
        try {
          together = applyPatch(g, body(operations), GROUP_RESOURCE);
        } catch (e) {
          if (!(e instanceof ScimError)) throw e;
          together = e;
        }
        if (oneByOne instanceof ScimError) {
          assert.ok(together instanceof ScimError, "fails as a whole where an operation alone fails");
          assert.equal(together.status, oneByOne.status);
          assert.equal(together.scimType, oneByOne.scimType);
        } else {
          assert.deepEqual(together, oneByOne);
        }
      }),
      { numRuns: 500 },
    );
  });
});
