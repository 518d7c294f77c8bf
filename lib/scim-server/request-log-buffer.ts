// HOW the SCIM request log is written (request-log.ts says WHAT an entry is): entries are kept in
// memory and written in batches — once a second, or as soon as 2,000 have arrived since the last, in multi-row
// INSERTs of up to 250 — instead of one INSERT and commit after every request. An IdP's import or
// sync no longer pays a commit per request for its own debugging log.
//
// A team's log keeps only its newest 1,000 successes and 5,000 errors (REQUEST_LOG_KEEP): what is
// older is trimmed. So the buffer keeps no more than that of a team's kind either, and an older
// entry still waiting is dropped rather than written and trimmed at once. Under a sync of 2,000
// lookups a second this halves the log's rows; what the log shows is the same.
//
// Entries of requests the production server serves itself are described (bodies masked, error
// detail read) only when their batch is written, so that those dropped first are never described:
// describing was a seventh of a lookup's CPU, and under 2,000 lookups a second half of them were
// dropped. A batch is described a slice at a time, a turn of the event loop between slices, so that
// 1,000 descriptions do not hold the requests in flight behind them at a stretch.
//
// A team and kind whose entries filled what its log keeps since they were last written (a team
// sending more than 1,000 successful requests a second, an Okta sync's lookups) is written at most
// once every HOLD_FULL_MS rather than once a second: each of its batches would be the newest 1,000,
// written to be trimmed a second later by the next, and writing and trimming them was a tenth of
// a lookup's cost under such a sync (bench:hot-path: 5,430 lookups a second with it, 6,050 with the
// log described but not written). What the log holds once the burst ends is the same; during it, that
// team's log is up to HOLD_FULL_MS behind.
//
// Loss window, documented in the README: entries not yet written when the process dies without a
// clean stop (kill -9, power loss, OOM) are lost, at most the last second's, and for a team and
// kind held as above up to the last HOLD_FULL_MS of it (no more than what its log keeps). A clean stop
// (SIGTERM/SIGINT through scripts/start.ts) writes them first (lib/db/shutdown-hooks.ts). If the
// database is away, a batch is retried with the next one (rows keep their ids, so one whose commit
// went through before the connection dropped is not written twice); beyond MAX_BUFFERED waiting
// entries the oldest are dropped and the count is reported on stderr, so a database outage cannot
// grow the process's memory. The audit trail (membership changes) is never buffered: it commits
// in the change's own transaction.
import type { Db } from "../members/types";
import { isRowRefused } from "../db/errors";
import { onProcessShutdown } from "../db/shutdown-hooks";
import { insertScimRequestLogs, REQUEST_LOG_KEEP, timedEntry, trimAfterWriting, type RequestLogEntry, type TimedRequestLogEntry, type UndescribedEntry } from "./request-log";

/** An entry that could not be described or written: reported on stderr, never failing its request. */
export const reportRequestLogFailure = (e: unknown): void => console.error("SCIM request log failed:", e);

export const FLUSH_EVERY_MS = 1000;
// Above one busy team's share (at most 1,000 successes wait, see above), so that a team's second
// of requests is one batch and its superseded entries are never written; a batch stays bounded.
export const FLUSH_AT = 2_000;
export const HOLD_FULL_MS = 5_000;
export const MAX_BUFFERED = 10_000;
// A batch is written in statements of at most this many entries, one after another: a statement's
// parameters are serialized at a stretch on the event loop, and 1,000 lookups' entries in one held
// every request behind them for 30-45 ms once a second, the lookups' p99. 250 at a time hold them
// about as long as the young-generation GCs do (17-27 ms at most, p99 11-13 ms), for about 40%
// more of the database's CPU per batch (four commits, not one); 100 at a time stalled no less, for
// 20-40% more of the app's CPU (bench/request-log-write.ts).
export const WRITE_AT_ONCE = 250;
// About 2 ms of descriptions (a lookup's takes about 40 µs) between turns of the event loop.
export const DESCRIBE_AT_ONCE = 50;

type Waiting = TimedRequestLogEntry | (UndescribedEntry & { at: Date; id: string });

type Write = (db: Db, entries: TimedRequestLogEntry[]) => Promise<void>;
type Options = {
  flushEveryMs: number; flushAt: number; maxBuffered: number; writeAtOnce: number; keep: { successes: number; errors: number };
  holdFullMs: number;
  /** Once per batch, with what it wrote: a team's log is trimmed once a batch, not once a statement. */
  trim: Write;
  /** The clock the hold is measured by (tests move it by hand). */
  now: () => number;
};
const DEFAULTS: Options = {
  flushEveryMs: FLUSH_EVERY_MS, flushAt: FLUSH_AT, maxBuffered: MAX_BUFFERED, writeAtOnce: WRITE_AT_ONCE, keep: REQUEST_LOG_KEEP, holdFullMs: HOLD_FULL_MS,
  trim: trimAfterWriting, now: Date.now,
};

export class RequestLogBuffer {
  // Per database, per team and kind ("e" errors, "s" successes), oldest first.
  private waiting = new Map<Db, Map<string, Waiting[]>>();
  private describing = new Set<Promise<void>>();
  // When each list (per database, as in `waiting`) was last taken to be written, for the hold.
  private lastTaken = new Map<Db, Map<string, number>>();
  private last = 0;
  private size = 0;
  // Entries queued since the last batch was taken: the batch is taken at once past flushAt.
  private arrived = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly options: Options;

  constructor(
    private readonly write: Write = insertScimRequestLogs,
    options: Partial<Options> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Queues an entry still being described (the request's answer is read after it went out): a
   * flush begun meanwhile, a clean stop's included, waits for it rather than leave it behind.
   * An entry that cannot be described is reported and not logged.
   */
  addWhenDescribed(db: Db, describing: Promise<RequestLogEntry>): Promise<void> {
    const pending: Promise<void> = describing
      .then((entry) => this.add(db, entry))
      .catch(reportRequestLogFailure)
      .finally(() => this.describing.delete(pending));
    this.describing.add(pending);
    return pending;
  }

  /** Queues an entry; it reaches the database within flushEveryMs. Never waits on the database. */
  add(db: Db, entry: RequestLogEntry | UndescribedEntry): void {
    // Strictly increasing times (the column has milliseconds): the log keeps the requests' order.
    this.last = Math.max(Date.now(), this.last + 1);
    this.queue(db, timedEntry(entry, new Date(this.last)));
  }

  private queue(db: Db, entry: Waiting, arm = true): void {
    let lists = this.waiting.get(db);
    if (!lists) this.waiting.set(db, (lists = new Map()));
    const key = `${entry.isError ? "e" : "s"}:${entry.teamId}`;
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    list.push(entry);
    this.size++;
    if (arm) this.arrived++;
    // Older than the newest `keep` of its team and kind: the write's trim would delete it at once.
    if (list.length > (entry.isError ? this.options.keep.errors : this.options.keep.successes)) {
      list.shift();
      this.size--;
    }
    if (this.size > this.options.maxBuffered) this.dropOldest(lists);
    if (!arm) return;
    // These do not wait for entries being described: those join the next batch. Counted by
    // arrivals, not by what waits: held lists wait however many arrive.
    if (this.arrived >= this.options.flushAt) void this.writeDue();
    else this.arm();
  }

  get buffered(): number {
    return this.size;
  }

  /**
   * Writes everything waiting now (writeBatch, per database), entries being described when it was
   * called included; resolves when it is written or has failed. A description still unsettled
   * after `describingMs` is given up (and reported), so that it cannot hold up a clean stop's
   * other work (closing the embedded database cleanly) until start.ts's forced exit.
   */
  async flush({ describingMs = 2_000 }: { describingMs?: number } = {}): Promise<void> {
    // Those being described now, not those that join while it waits: under load there always are.
    // Without any, the batch is taken at once (in this turn), as it was before descriptions joined.
    const pending = [...this.describing];
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([
        Promise.all(pending).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), describingMs).unref())),
      ]);
      clearTimeout(timer);
      if (!settled) console.error(`SCIM request log: ${pending.filter((p) => this.describing.has(p)).length} entries still being described after ${describingMs} ms, not waited for`);
    }
    await this.writeWaiting(true);
  }

  /** Writes the entries due now: all but the lists held (HOLD_FULL_MS). What the timer runs. */
  writeDue(): Promise<void> {
    return this.writeWaiting(false);
  }

  private arm(): void {
    this.timer ??= setTimeout(() => void this.writeDue(), this.options.flushEveryMs).unref();
  }

  /** A list that filled its keep since it was last taken, less than holdFullMs ago: it waits. */
  private held(db: Db, key: string, list: Waiting[], now: number): boolean {
    const keep = key.startsWith("e:") ? this.options.keep.errors : this.options.keep.successes;
    return list.length >= keep && now - (this.lastTaken.get(db)?.get(key) ?? -Infinity) < this.options.holdFullMs;
  }

  /** Writes the entries waiting now (`all`), or those due (writeDue). */
  private async writeWaiting(all: boolean): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One flush at a time, so batches reach the database in order.
    while (this.flushing) await this.flushing;
    if (this.size === 0) return;
    this.arrived = 0;
    const now = this.options.now();
    const batches: (readonly [Db, Waiting[]])[] = [];
    // Forgotten once they hold nothing back, so the map keeps only lists taken lately.
    for (const [db, taken] of this.lastTaken) {
      for (const [key, at] of taken) if (now - at >= this.options.holdFullMs) taken.delete(key);
      if (taken.size === 0) this.lastTaken.delete(db);
    }
    for (const [db, lists] of this.waiting) {
      const batch: Waiting[] = [];
      for (const [key, list] of lists) {
        if (!all && this.held(db, key, list, now)) continue;
        for (const entry of list) batch.push(entry);
        lists.delete(key);
        this.size -= list.length;
        (this.lastTaken.get(db) ?? this.lastTaken.set(db, new Map()).get(db)!).set(key, now);
      }
      if (lists.size === 0) this.waiting.delete(db);
      if (batch.length > 0) batches.push([db, batch.sort((a, b) => a.at.getTime() - b.at.getTime())]);
    }
    // Held lists are looked at again within flushEveryMs, whether or not more requests come.
    if (this.size > 0) this.arm();
    this.flushing = (async () => {
      for (const [db, entries] of batches) await this.writeBatch(db, await described(entries));
    })().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /**
   * Writes a database's batch in statements of at most writeAtOnce entries, oldest first. A
   * statement the database refuses for a row in it (isRowRefused: its team deleted since the
   * request) is written entry by entry, and only the refused entries are dropped and reported, so
   * they cannot hold back the log. When the database is away, what is not yet written waits for
   * the next batch (a timer is not set for it alone: it goes with the next request's), under the
   * same caps as new entries: those a team's log would no longer keep are dropped.
   */
  private async writeBatch(db: Db, entries: TimedRequestLogEntry[]): Promise<void> {
    const refused: unknown[] = [];
    const written: TimedRequestLogEntry[] = [];
    const away = (from: number, e: unknown) => {
      console.error(`SCIM request log: writing ${entries.length - from} entries failed, retrying with the next batch:`, e);
      this.requeue(db, entries.slice(from));
    };
    try {
      for (let i = 0; i < entries.length; i += this.options.writeAtOnce) {
        const part = entries.slice(i, i + this.options.writeAtOnce);
        try {
          await this.write(db, part);
          written.push(...part);
          continue;
        } catch (e) {
          if (!isRowRefused(e)) return away(i, e);
        }
        for (let j = 0; j < part.length; j++) {
          try {
            await this.write(db, [part[j]!]);
            written.push(part[j]!);
          } catch (e) {
            if (!isRowRefused(e)) return away(i + j, e);
            refused.push(e);
          }
        }
      }
    } finally {
      if (refused.length > 0) console.error(`SCIM request log: ${refused.length} of ${entries.length} entries refused by the database and dropped:`, refused[0]);
      if (written.length > 0) await this.options.trim(db, written);
    }
  }

  /** Entries not written, queued again before what was queued since, so each list stays oldest first (the caps drop from its head). */
  private requeue(db: Db, entries: TimedRequestLogEntry[]): void {
    const since = this.waiting.get(db);
    this.waiting.delete(db);
    for (const list of since?.values() ?? []) this.size -= list.length;
    for (const entry of entries) this.queue(db, entry, false);
    for (const list of since?.values() ?? []) for (const entry of list) this.queue(db, entry, false);
  }

  private dropOldest(lists: Map<string, Waiting[]>): void {
    let oldest: [string, Waiting[]] | undefined;
    for (const entry of lists) if (!oldest || entry[1][0]!.at < oldest[1][0]!.at) oldest = entry;
    if (!oldest) return;
    oldest[1].shift();
    // No empty lists: a long outage across many teams must not make every request scan them.
    if (oldest[1].length === 0) lists.delete(oldest[0]);
    this.size--;
    this.dropped++;
    if (this.dropped === 1 || this.dropped % 1000 === 0) console.error(`SCIM request log: buffer full (database unreachable?), ${this.dropped} entries dropped so far`);
  }

  private dropped = 0;
}

/** A batch's entries, described a slice at a time; one that cannot be described is reported and left out. */
async function described(entries: Waiting[]): Promise<TimedRequestLogEntry[]> {
  const out: TimedRequestLogEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % DESCRIBE_AT_ONCE === 0) await new Promise(setImmediate);
    const entry = entries[i]!;
    if (!("describe" in entry)) {
      out.push(entry);
      continue;
    }
    try {
      out.push({ ...entry.describe(), at: entry.at, id: entry.id });
    } catch (e) {
      reportRequestLogFailure(e);
    }
  }
  return out;
}

// One buffer per process (on globalThis: Next bundles a copy of this module per route).
const slot = globalThis as unknown as { gatehouseRequestLogBuffer?: RequestLogBuffer };
export function processRequestLogBuffer(): RequestLogBuffer {
  if (!slot.gatehouseRequestLogBuffer) {
    const buffer = new RequestLogBuffer();
    slot.gatehouseRequestLogBuffer = buffer;
    onProcessShutdown(() => buffer.flush());
  }
  return slot.gatehouseRequestLogBuffer;
}
