import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { oneWriteAtATime, writesQueuedFor } from "./team-write-queue";

/** A write that runs until the test lets it end. */
function heldWrite(log: string[], name: string) {
  let end!: (fail?: boolean) => void;
  const write = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      end = (fail) => {
        log.push(`end ${name}`);
        if (fail) reject(new Error(name));
        else resolve(name);
      };
    });
  };
  return { write, end: (fail?: boolean) => end(fail) };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

describe("oneWriteAtATime", () => {
  it("starts a team's next write only once the one before has settled, in the order they came", async () => {
    const log: string[] = [];
    const team = crypto.randomUUID();
    const [a, b, c] = ["a", "b", "c"].map((n) => heldWrite(log, n));
    const results = [a, b, c].map((w) => oneWriteAtATime(team, w.write));
    await turn();
    assert.deepEqual(log, ["start a"]);
    assert.equal(writesQueuedFor(team), 2);
    a.end();
    await turn();
    assert.deepEqual(log, ["start a", "end a", "start b"]);
    b.end();
    await turn();
    c.end();
    assert.deepEqual(await Promise.all(results), ["a", "b", "c"]);
    assert.deepEqual(log, ["start a", "end a", "start b", "end b", "start c", "end c"]);
    assert.equal(writesQueuedFor(team), 0);
  });

  it("a write that fails lets the next go, and its caller gets the failure", async () => {
    const log: string[] = [];
    const team = crypto.randomUUID();
    const [a, b] = ["a", "b"].map((n) => heldWrite(log, n));
    const first = oneWriteAtATime(team, a.write);
    const second = oneWriteAtATime(team, b.write);
    await turn();
    a.end(true);
    await assert.rejects(first, /a/);
    await turn();
    b.end();
    assert.equal(await second, "b");
    assert.deepEqual(log, ["start a", "end a", "start b", "end b"]);
  });

  it("another team's writes do not wait", async () => {
    const log: string[] = [];
    const [one, other] = [crypto.randomUUID(), crypto.randomUUID()];
    const [a, b] = ["a", "b"].map((n) => heldWrite(log, n));
    const first = oneWriteAtATime(one, a.write);
    const second = oneWriteAtATime(other, b.write);
    await turn();
    assert.deepEqual(log, ["start a", "start b"]);
    a.end();
    b.end();
    await Promise.all([first, second]);
  });

  it("a team whose writes have all settled starts afresh", async () => {
    const team = crypto.randomUUID();
    assert.equal(await oneWriteAtATime(team, async () => 1), 1);
    await turn();
    const log: string[] = [];
    const a = heldWrite(log, "a");
    const pending = oneWriteAtATime(team, a.write);
    await turn();
    assert.deepEqual(log, ["start a"]);
    assert.equal(writesQueuedFor(team), 0);
    a.end();
    await pending;
  });
});
