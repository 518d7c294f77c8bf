// writeTogetherOrAlone: a batch's writes in one statement, else each alone, in order, each settled
// on its own.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeTogetherOrAlone } from "./one-statement";

const uniqueViolation = () => Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
const connectionLost = () => Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });

/** A statement over the inputs that fails whole when `fails(inputs)` gives an error; else answers each input, or null for those it leaves out. */
function statement(fails: (inputs: string[]) => Error | null, leftOut: string[] = []) {
  const sent: string[][] = [];
  const together = async (inputs: string[]) => {
    sent.push(inputs);
    const e = fails(inputs);
    if (e) throw e;
    return inputs.map((i) => (leftOut.includes(i) ? null : i.toUpperCase()));
  };
  return { sent, write: writeTogetherOrAlone(together) };
}

describe("writeTogetherOrAlone", () => {
  it("writes a batch in one statement, each answered, null for one it leaves to the transaction", async () => {
    const { sent, write } = statement(() => null, ["b"]);
    assert.deepEqual(await write(["a", "b", "c"]), [{ status: "fulfilled", value: "A" }, { status: "fulfilled", value: null }, { status: "fulfilled", value: "C" }]);
    assert.deepEqual(sent, [["a", "b", "c"]]);
  });

  it("a statement that fails whole on what the transaction decides: each alone, in order", async () => {
    // "x" and "x2" cannot be written together (two creates of one userName, say).
    const { sent, write } = statement((inputs) => (inputs.includes("x") && inputs.includes("x2") ? uniqueViolation() : inputs.includes("x2") && sent.flat().includes("x") ? uniqueViolation() : null));
    assert.deepEqual(await write(["a", "x", "x2", "b"]), [
      { status: "fulfilled", value: "A" },
      { status: "fulfilled", value: "X" },
      { status: "fulfilled", value: null }, // the later of the two, left to the transaction
      { status: "fulfilled", value: "B" },
    ]);
    assert.deepEqual(sent, [["a", "x", "x2", "b"], ["a"], ["x"], ["x2"], ["b"]]);
  });

  it("a write alone that cannot be written fails alone: those before and after it are settled on their own", async () => {
    const { write } = statement((inputs) => (inputs.length > 1 ? uniqueViolation() : inputs[0] === "b" ? connectionLost() : null));
    const settled = await write(["a", "b", "c"]);
    assert.deepEqual(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message)), ["A", "Connection terminated unexpectedly", "C"]);
  });

  it("a batch that fails whole otherwise (nothing written) fails each of its writes with that error", async () => {
    const { sent, write } = statement(() => connectionLost());
    const settled = await write(["a", "b"]);
    assert.deepEqual(settled.map((s) => s.status), ["rejected", "rejected"]);
    assert.deepEqual(sent, [["a", "b"]]);
  });

  it("a single write is sent alone, once", async () => {
    const { sent, write } = statement(() => uniqueViolation());
    assert.deepEqual(await write(["a"]), [{ status: "fulfilled", value: null }]);
    assert.deepEqual(sent, [["a"]]);
  });
});
