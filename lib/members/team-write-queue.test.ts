import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PLACE_HELD_AT_MOST_MS, queueCombinedTeamWrite, queueTeamWrite, WRITES_IN_FLIGHT, writesBatchedFor, writesQueuedFor, type Combined } from "./team-write-queue";

/** A write that runs until the test ends it. */
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
  return { name, write, end: (fail?: boolean) => end(fail) };
}

const turn = () => new Promise<void>((r) => setImmediate(r));
const started = (log: string[]) => log.filter((l) => l.startsWith("start ")).map((l) => l.slice(6));

/** `n` held writes queued for a new team, a turn after they were queued. */
async function queued(n: number) {
  const log: string[] = [];
  const team = crypto.randomUUID();
  const writes = Array.from({ length: n }, (_, i) => heldWrite(log, `w${i}`));
  const results = writes.map((w) => queueTeamWrite(team, w.write));
  await turn();
  return { log, team, writes, results };
}

describe("queueTeamWrite", () => {
  it(`lets ${WRITES_IN_FLIGHT} of a team's writes be in flight; the next starts when one settles, in the order they came`, async () => {
    const { log, team, writes, results } = await queued(WRITES_IN_FLIGHT + 2);
    assert.deepEqual(started(log), writes.slice(0, WRITES_IN_FLIGHT).map((w) => w.name));
    assert.equal(writesQueuedFor(team), 2);
    writes[1]!.end();
    await turn();
    assert.deepEqual(started(log), writes.slice(0, WRITES_IN_FLIGHT + 1).map((w) => w.name));
    assert.equal(writesQueuedFor(team), 1);
    for (const w of writes) {
      if (!log.includes(`end ${w.name}`)) w.end();
      await turn();
    }
    assert.deepEqual(await Promise.all(results), writes.map((w) => w.name));
    assert.equal(writesQueuedFor(team), 0);
  });

  it("a write arriving as another's place is handed on waits its turn", async () => {
    const { log, team, writes, results } = await queued(WRITES_IN_FLIGHT + 1);
    writes[0]!.end();
    // One microtask on: the first write's place has been handed to the one waiting, whose turn
    // has not run yet.
    await Promise.resolve();
    const late = heldWrite(log, "late");
    const lateResult = queueTeamWrite(team, late.write);
    await turn();
    assert.deepEqual(started(log), [...writes.slice(0, WRITES_IN_FLIGHT + 1).map((w) => w.name)]);
    assert.equal(writesQueuedFor(team), 1);
    for (const w of [...writes.slice(1), late]) {
      w.end();
      await turn();
    }
    await Promise.all([...results, lateResult]);
  });

  it("a write that fails frees its place, and its caller gets the failure", async () => {
    const { log, team, writes, results } = await queued(WRITES_IN_FLIGHT + 1);
    writes[0]!.end(true);
    await assert.rejects(results[0]!, /w0/);
    await turn();
    assert.deepEqual(started(log), writes.map((w) => w.name));
    for (const w of writes.slice(1)) w.end();
    await Promise.all(results.slice(1));
  });

  it("keeps the order of a long queue (thousands waiting)", async () => {
    const team = crypto.randomUUID();
    const order: number[] = [];
    let inFlight = 0;
    let most = 0;
    const writes = Array.from({ length: 5_000 }, (_, i) =>
      queueTeamWrite(team, async () => {
        most = Math.max(most, ++inFlight);
        await turn();
        order.push(i);
        inFlight--;
      }),
    );
    await Promise.all(writes);
    assert.deepEqual(order, Array.from({ length: 5_000 }, (_, i) => i));
    assert.equal(most, WRITES_IN_FLIGHT);
    assert.equal(writesQueuedFor(team), 0);
  });

  it("another team's writes do not wait", async () => {
    const log: string[] = [];
    const [busy, other] = [crypto.randomUUID(), crypto.randomUUID()];
    const writes = Array.from({ length: WRITES_IN_FLIGHT }, (_, i) => heldWrite(log, `w${i}`));
    const results = writes.map((w) => queueTeamWrite(busy, w.write));
    const elsewhere = heldWrite(log, "elsewhere");
    const result = queueTeamWrite(other, elsewhere.write);
    await turn();
    assert.ok(started(log).includes("elsewhere"));
    for (const w of [...writes, elsewhere]) w.end();
    await Promise.all([...results, result]);
  });

  it("a team whose writes have all settled starts afresh", async () => {
    const team = crypto.randomUUID();
    assert.equal(await queueTeamWrite(team, async () => 1), 1);
    await turn();
    const log: string[] = [];
    const writes = Array.from({ length: WRITES_IN_FLIGHT }, (_, i) => heldWrite(log, `w${i}`));
    const results = writes.map((w) => queueTeamWrite(team, w.write));
    await turn();
    assert.equal(started(log).length, WRITES_IN_FLIGHT);
    assert.equal(writesQueuedFor(team), 0);
    for (const w of writes) w.end();
    await Promise.all(results);
  });
});

describe("queueTeamWrite, writes that misbehave", () => {
  it("a write that throws before it returns a promise frees its place, and its caller gets the failure", async () => {
    const team = crypto.randomUUID();
    const throwing = () => {
      throw new Error("before any promise");
    };
    const failures = Array.from({ length: WRITES_IN_FLIGHT + 1 }, () => queueTeamWrite(team, throwing));
    for (const failure of failures) await assert.rejects(failure, /before any promise/);
    assert.equal(await queueTeamWrite(team, async () => "after"), "after");
    assert.equal(writesQueuedFor(team), 0);
  });

  it(`a write that never settles gives its place up after ${PLACE_HELD_AT_MOST_MS} ms, so the team's next write goes`, async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const log: string[] = [];
    const team = crypto.randomUUID();
    const hung = Array.from({ length: WRITES_IN_FLIGHT }, (_, i) => heldWrite(log, `hung${i}`));
    for (const w of hung) void queueTeamWrite(team, w.write);
    const next = heldWrite(log, "next");
    const result = queueTeamWrite(team, next.write);
    await turn();
    assert.ok(!started(log).includes("next"));
    t.mock.timers.tick(PLACE_HELD_AT_MOST_MS - 1);
    await turn();
    assert.ok(!started(log).includes("next"));
    t.mock.timers.tick(1);
    await turn();
    assert.ok(started(log).includes("next"));
    // The hung writes settle at last, while the team has writes in flight and waiting: their
    // places went once, at the deadline, and are not given again.
    const after = Array.from({ length: WRITES_IN_FLIGHT + 1 }, (_, i) => heldWrite(log, `after${i}`));
    const results = [result, ...after.map((w) => queueTeamWrite(team, w.write))];
    await turn();
    for (const w of hung) w.end();
    await turn();
    const running = started(log).filter((n) => !n.startsWith("hung") && !log.includes(`end ${n}`));
    assert.equal(running.length, WRITES_IN_FLIGHT);
    for (const w of [next, ...after]) {
      if (!log.includes(`end ${w.name}`)) w.end();
      await turn();
    }
    await Promise.all(results);
    assert.equal(writesQueuedFor(team), 0);
  });
});

describe("queueCombinedTeamWrite", () => {
  /** A kind whose batches run until the test ends them, each answering its inputs doubled. */
  function combinedKind(atMost = 4) {
    const batches: { inputs: number[]; end: (fail?: boolean) => void }[] = [];
    const combined: Combined<number, number> = {
      kind: `k${crypto.randomUUID()}`,
      atMost,
      write: (inputs) =>
        new Promise<PromiseSettledResult<number>[]>((resolve, reject) =>
          batches.push({ inputs: [...inputs], end: (fail) => (fail ? reject(new Error("batch failed")) : resolve(inputs.map((n) => ({ status: "fulfilled", value: n * 2 })))) }),
        ),
    };
    return { combined, batches };
  }

  it("writes that find a place go alone; those that wait for it go together, once, in order, each answered its own", async () => {
    const team = crypto.randomUUID();
    const { combined, batches } = combinedKind();
    const answers = [1, 2, 3, 4, 5].map((n) => queueCombinedTeamWrite(team, combined, n));
    await turn();
    assert.deepEqual(batches.map((b) => b.inputs), [[1], [2]], `${WRITES_IN_FLIGHT} in flight, alone`);
    assert.equal(writesQueuedFor(team), 1, "the other three wait as one write");
    assert.equal(writesBatchedFor(combined.kind, team), 3);
    batches[0]!.end();
    await turn();
    assert.deepEqual(batches.map((b) => b.inputs), [[1], [2], [3, 4, 5]]);
    // Closed once its turn came: a later write opens the next batch.
    const sixth = queueCombinedTeamWrite(team, combined, 6);
    assert.equal(writesBatchedFor(combined.kind, team), 1);
    for (let i = 1; i < 4; i++) {
      await turn();
      batches[i]!.end();
    }
    assert.deepEqual(await Promise.all([...answers, sixth]), [2, 4, 6, 8, 10, 12]);
    assert.deepEqual(batches.map((b) => b.inputs), [[1], [2], [3, 4, 5], [6]]);
  });

  it("a batch holds at most atMost writes; the next opens another, which waits its turn", async () => {
    const team = crypto.randomUUID();
    const { combined, batches } = combinedKind(2);
    const answers = [1, 2, 3, 4, 5, 6, 7].map((n) => queueCombinedTeamWrite(team, combined, n));
    await turn();
    assert.equal(writesQueuedFor(team), 3);
    for (let i = 0; i < 5; i++) {
      batches[i]!.end();
      await turn();
    }
    assert.deepEqual(batches.map((b) => b.inputs), [[1], [2], [3, 4], [5, 6], [7]]);
    assert.deepEqual(await Promise.all(answers), [2, 4, 6, 8, 10, 12, 14]);
  });

  it("a batch that fails fails each of its writes, and the team's next write goes", async () => {
    const team = crypto.randomUUID();
    const { combined, batches } = combinedKind();
    const answers = [1, 2, 3, 4].map((n) => queueCombinedTeamWrite(team, combined, n).catch((e: Error) => e.message));
    await turn();
    batches[0]!.end();
    await turn();
    batches[2]!.end(true);
    batches[1]!.end();
    assert.deepEqual(await Promise.all(answers), [2, 4, "batch failed", "batch failed"]);
    const after = queueCombinedTeamWrite(team, combined, 9);
    await turn();
    batches[3]!.end();
    assert.equal(await after, 18);
  });

  it("a write that answers a batch with the wrong number of answers fails it, rather than answer a write another's", async () => {
    const team = crypto.randomUUID();
    const combined: Combined<number, number> = { kind: `k${crypto.randomUUID()}`, atMost: 4, write: async (inputs) => inputs.slice(1).map((value) => ({ status: "fulfilled", value })) };
    await assert.rejects(queueCombinedTeamWrite(team, combined, 1), /0 answers for 1 writes/);
  });

  it("a write of a batch that fails fails its own caller alone", async () => {
    const team = crypto.randomUUID();
    const combined: Combined<number, number> = {
      kind: `k${crypto.randomUUID()}`,
      atMost: 4,
      write: async (inputs) => inputs.map((n) => (n === 3 ? { status: "rejected", reason: new Error("three failed") } : { status: "fulfilled", value: n })),
    };
    // Three writes hold the places and the first batch; the next three wait as one.
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => queueCombinedTeamWrite(team, combined, n)));
    assert.deepEqual(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message)), [1, 2, "three failed", 4, 5]);
  });

  it("a write that conflicts with the open batch opens the next one, which goes after it", async () => {
    const team = crypto.randomUUID();
    const { combined, batches } = combinedKind();
    combined.conflicts = (batch, n) => batch.includes(n);
    const answers = [1, 2, 3, 4, 3, 5].map((n) => queueCombinedTeamWrite(team, combined, n));
    await turn();
    assert.equal(writesQueuedFor(team), 2);
    for (let i = 0; i < 4; i++) {
      batches[i]!.end();
      await turn();
    }
    assert.deepEqual(batches.map((b) => b.inputs), [[1], [2], [3, 4], [3, 5]]);
    assert.deepEqual(await Promise.all(answers), [2, 4, 6, 8, 6, 10]);
  });
});
