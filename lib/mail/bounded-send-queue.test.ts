import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BoundedSendQueue } from "./bounded-send-queue";

/** A sender whose sends finish only when the test says so. */
function heldSender() {
  const open: { item: number; finish: () => void }[] = [];
  const sent: number[] = [];
  let most = 0;
  const send = (item: number) =>
    new Promise<void>((resolve) => {
      open.push({ item, finish: () => (sent.push(item), resolve()) });
      most = Math.max(most, open.length);
    });
  const finishAll = async () => {
    while (open.length > 0) {
      for (const o of open.splice(0)) o.finish();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { send, open, sent, finishAll, most: () => most };
}

describe("BoundedSendQueue", () => {
  it("sends at most atOnce at a time, and every item, in order", async () => {
    const s = heldSender();
    const q = new BoundedSendQueue(s.send, { atOnce: 3, maxWaiting: 100, label: "test mails" });
    for (let i = 0; i < 10; i++) assert.equal(q.push(i), true);
    assert.equal(s.open.length, 3);
    await s.finishAll();
    await q.idle();
    assert.equal(s.most(), 3);
    assert.deepEqual(s.sent, [...Array(10).keys()]);
  });

  it("drops what arrives beyond maxWaiting while the sender is stuck, so memory stays bounded", async () => {
    const s = heldSender();
    const q = new BoundedSendQueue(s.send, { atOnce: 2, maxWaiting: 5, label: "test mails" });
    const accepted = Array.from({ length: 10 }, (_, i) => q.push(i));
    // Two sending, five waiting: the last three are refused.
    assert.deepEqual(accepted, [true, true, true, true, true, true, true, false, false, false]);
    await s.finishAll();
    await q.idle();
    assert.deepEqual(s.sent, [0, 1, 2, 3, 4, 5, 6]);
  });

  it("idle waits for sends in flight, and a failing send does not stop the queue", async () => {
    let calls = 0;
    const q = new BoundedSendQueue(async (i: number) => {
      calls++;
      if (i === 0) throw new Error("refused");
    }, { atOnce: 1, maxWaiting: 10, label: "test mails" });
    q.push(0);
    q.push(1);
    await q.idle();
    assert.equal(calls, 2);
  });
});
