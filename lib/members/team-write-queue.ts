// A team's one-statement writes (add-member-in-one-statement.ts, update-member-in-one-statement.ts)
// leave this process at most WRITES_IN_FLIGHT at a time; the rest wait here, in order.
//
// Each of those statements locks the team's row first. Ten sent at once took ten connections,
// nine of them waiting on the row, and every commit woke all the waiters to race for it (each
// waits on the holder's transaction, then on the row's tuple lock): PostgreSQL spent 1.3–1.9 ms
// of CPU per write where the statement alone takes 0.33 ms. And while they waited, the lookups
// queued behind them for a connection.
//
// Why two and not one: with one, the next write is sent only once this process has read the
// last one's answer, so a team's writes went as fast as a busy event loop turned; with two, the
// next is already waiting at the row when the lock passes, inside PostgreSQL, and one waiter
// wakes no herd. Figures in the README ("The team's writes, two at a time").
//
// The order of a team's writes is still the row lock's; this decides only where they wait. Other
// instances, and the transactions these statements leave their other cases to, meet at the row as
// before. Nothing that waits here holds the lock: a queued write has sent nothing, and a write in
// flight is one statement outside any transaction (the direct path has no caller's transaction).
export const WRITES_IN_FLIGHT = 2;

// On globalThis: Next bundles a copy of this module per route, and a team's creates and PATCHes
// come through different routes.
const slot = globalThis as unknown as { gatehouseTeamWriteQueues?: Map<string, TeamQueue> };
type TeamQueue = { inFlight: number; waiting: (() => void)[] };

/** Runs `write` once fewer than WRITES_IN_FLIGHT of the team's writes are in flight from this process, in the order they came. */
export function queueTeamWrite<T>(teamId: string, write: () => Promise<T>): Promise<T> {
  const queues = (slot.gatehouseTeamWriteQueues ??= new Map());
  let queue = queues.get(teamId);
  if (!queue) queues.set(teamId, (queue = { inFlight: 0, waiting: [] }));
  const q = queue;
  // A write's place is counted from the moment it is given one, not when its turn runs, so that
  // no write arriving in between can take it too.
  const done = () => {
    const next = q.waiting.shift();
    if (next) next();
    else if (--q.inFlight === 0 && queues.get(teamId) === q) queues.delete(teamId);
  };
  // A write that fails frees its place as one that succeeds does.
  const run = () => write().finally(done);
  if (q.inFlight < WRITES_IN_FLIGHT) {
    q.inFlight++;
    return run();
  }
  return new Promise<void>((resolve) => q.waiting.push(resolve)).then(run);
}

/** How many of the team's writes wait in this process (for tests). */
export const writesQueuedFor = (teamId: string): number => slot.gatehouseTeamWriteQueues?.get(teamId)?.waiting.length ?? 0;
