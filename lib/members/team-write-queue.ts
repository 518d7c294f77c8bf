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
// A process's queued writes of a team are sent in the order they reached the queue (the two in
// flight may reach the team's row in either order); the transactions these statements leave their
// other cases to, and other instances, are not queued and meet them at the row as before. Nothing that waits here holds the lock: a queued write has sent nothing,
// and a write in flight is one statement outside any transaction (the direct path has no caller's
// transaction).
export const WRITES_IN_FLIGHT = 2;

// A write that has not settled by then gives its place up (the write itself goes on). A statement
// can hang where a connection went silent (up to the pool's query_timeout, 60 s by default) or behind a row another
// instance's transaction holds (bounded at 30 s, transaction-options.ts): two of those would
// otherwise hold every later write of the team in this process, where before each held only its
// own request. Writes take milliseconds; a place given up only lets one more wait at the row.
export const PLACE_HELD_AT_MOST_MS = 5_000;

// On globalThis: Next bundles a copy of this module per route, and a team's creates and PATCHes
// come through different routes.
const slot = globalThis as unknown as { gatehouseTeamWriteQueues?: Map<string, TeamQueue>; gatehouseOpenBatches?: Map<string, Batch<unknown, unknown>> };

/** A team's writes in this process: how many hold a place, and those waiting for one, oldest at `head`. */
type TeamQueue = { inFlight: number; waiting: (() => void)[]; head: number };

/** Runs `write` once fewer than WRITES_IN_FLIGHT of the team's writes hold a place in this process, in the order they came. */
export function queueTeamWrite<T>(teamId: string, write: () => Promise<T>): Promise<T> {
  const queues = (slot.gatehouseTeamWriteQueues ??= new Map());
  let queue = queues.get(teamId);
  if (!queue) queues.set(teamId, (queue = { inFlight: 0, waiting: [], head: 0 }));
  const q = queue;
  const run = (): Promise<T> => {
    // A place is counted from the moment it is given, not when its turn runs, so that no write
    // arriving in between can take it too; it is given back once, when the write settles
    // (failed or not) or when it has held it PLACE_HELD_AT_MOST_MS.
    let held = true;
    const giveBack = () => {
      if (!held) return;
      held = false;
      clearTimeout(deadline);
      handOn(queues, teamId, q);
    };
    const deadline = setTimeout(giveBack, PLACE_HELD_AT_MOST_MS).unref();
    let written: Promise<T>;
    try {
      written = write();
    } catch (e) {
      written = Promise.reject(e);
    }
    return written.finally(giveBack);
  };
  if (q.inFlight < WRITES_IN_FLIGHT) {
    q.inFlight++;
    return run();
  }
  return new Promise<void>((resolve) => q.waiting.push(resolve)).then(run);
}

/** A place given back: to the oldest write waiting, else the team holds one fewer. */
function handOn(queues: Map<string, TeamQueue>, teamId: string, q: TeamQueue): void {
  if (q.head < q.waiting.length) {
    const next = q.waiting[q.head]!;
    q.waiting[q.head++] = undefined as never;
    // Array.shift() would copy the rest on every hand-on once a long queue leaves V8's fast path.
    if (q.head > 1024 && q.head * 2 > q.waiting.length) {
      q.waiting = q.waiting.slice(q.head);
      q.head = 0;
    }
    next();
  } else if (--q.inFlight === 0 && queues.get(teamId) === q) {
    queues.delete(teamId);
  }
}

/** How many of the team's writes hold a place in this process (for tests). */
export const writesInFlightFor = (teamId: string): number => slot.gatehouseTeamWriteQueues?.get(teamId)?.inFlight ?? 0;

/** How many of the team's writes wait in this process (for tests). */
export const writesQueuedFor = (teamId: string): number => {
  const q = slot.gatehouseTeamWriteQueues?.get(teamId);
  return q ? q.waiting.length - q.head : 0;
};

/**
 * Writes of one kind that can go to the database as one statement (add-member-in-one-statement.ts:
 * several creates). `write` gets them in the order they came and settles each, in that order: a
 * write that fails fails its own caller alone.
 */
export type Combined<I, O> = {
  kind: string;
  atMost: number;
  /** A write that must not share a batch with these (it then opens the next one). */
  conflicts?: (batch: I[], input: I) => boolean;
  write: (inputs: I[]) => Promise<PromiseSettledResult<O>[]>;
};
type Batch<I, O> = { inputs: I[]; answers: { resolve: (o: O) => void; reject: (e: unknown) => void }[] };

/**
 * Like queueTeamWrite, but writes of `combined.kind` that wait for the team's place together take
 * it once, as one write: the first to wait opens a batch, those after it join it until its turn
 * comes (or it holds `atMost`, or one `conflicts` with it: then that one opens the next batch).
 * Why: every one of these statements locks the team's row until it commits, so at a thousand
 * creates a second a team's writes went as fast as PostgreSQL could pass that lock from one to the
 * next; a batch passes it once, and commits once. A write that finds a place free goes at once,
 * alone, as before.
 */
export function queueCombinedTeamWrite<I, O>(teamId: string, combined: Combined<I, O>, input: I): Promise<O> {
  const open = (slot.gatehouseOpenBatches ??= new Map()) as Map<string, Batch<I, O>>;
  const key = `${combined.kind}:${teamId}`;
  const joined = open.get(key);
  if (joined && joined.inputs.length < combined.atMost && !combined.conflicts?.(joined.inputs, input)) {
    joined.inputs.push(input);
    return new Promise<O>((resolve, reject) => joined.answers.push({ resolve, reject }));
  }
  const batch: Batch<I, O> = { inputs: [input], answers: [] };
  const first = new Promise<O>((resolve, reject) => batch.answers.push({ resolve, reject }));
  open.set(key, batch);
  queueTeamWrite(teamId, () => {
    // Its turn: closed to later writes, which open the next batch.
    if (open.get(key) === batch) open.delete(key);
    return combined.write(batch.inputs);
  }).then(
    (outputs) => {
      if (outputs.length !== batch.inputs.length) throw new Error(`${combined.kind}: ${outputs.length} answers for ${batch.inputs.length} writes`);
      batch.answers.forEach((a, i) => {
        const out = outputs[i]!;
        if (out.status === "fulfilled") a.resolve(out.value);
        else a.reject(out.reason);
      });
    },
  ).catch((e: unknown) => batch.answers.forEach((a) => a.reject(e)));
  return first;
}

/** How many writes of a kind wait in the team's open batch (for tests). */
export const writesBatchedFor = (kind: string, teamId: string): number => slot.gatehouseOpenBatches?.get(`${kind}:${teamId}`)?.inputs.length ?? 0;
