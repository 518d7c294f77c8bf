// A team's one-statement writes (add-member-in-one-statement.ts, update-member-in-one-statement.ts)
// leave this process one at a time. Each locks the team's row first, so ten sent at once took ten
// connections, nine of them waiting on the row; every commit then woke all the waiters to race for
// it (each waits on the holder's transaction, then on the row's tuple lock). Queued here they wait
// as promises instead: PostgreSQL's CPU per write fell from 1.5–1.7 to 0.7–1.0 ms for creates and
// from 1.6–1.9 to 0.9–1.0 ms for PATCHes (bench:hot-path, 10 connections, alternating pairs).
// The order of a team's writes is still the row lock's: this decides only who waits where. Other
// instances, and the transactions that decide what these statements leave to them, meet at the
// row lock as before.
//
// Nothing that waits here holds the lock: a queued write has sent nothing, and the one in flight
// is a single statement outside any transaction (the direct path has no caller's transaction).
// A caller holding the team's lock in a transaction and awaiting one of these writes of the same
// team would wait for itself with or without this queue.

// On globalThis: Next bundles a copy of this module per route, and a team's creates and PATCHes
// come through different routes.
const slot = globalThis as unknown as { gatehouseTeamWriteQueues?: Map<string, TeamQueue> };
type TeamQueue = { tail: Promise<void>; waiting: number };

/** Runs `write` once every write of the team queued before it in this process has settled. */
export function oneWriteAtATime<T>(teamId: string, write: () => Promise<T>): Promise<T> {
  const queues = (slot.gatehouseTeamWriteQueues ??= new Map());
  let queue = queues.get(teamId);
  if (!queue) queues.set(teamId, (queue = { tail: Promise.resolve(), waiting: 0 }));
  const q = queue;
  q.waiting++;
  const result = q.tail.then(() => {
    q.waiting--;
    return write();
  });
  // The queue's tail never rejects: a write that fails lets the next one go.
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  q.tail = tail;
  void tail.then(() => {
    if (q.tail === tail && queues.get(teamId) === q) queues.delete(teamId);
  });
  return result;
}

/** How many of the team's writes wait in this process for the one in flight (for tests). */
export const writesQueuedFor = (teamId: string): number => slot.gatehouseTeamWriteQueues?.get(teamId)?.waiting ?? 0;
