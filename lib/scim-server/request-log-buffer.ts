// HOW the SCIM request log is written (request-log.ts says WHAT an entry is): entries are kept in
// memory and written in batches — once a second, or as soon as 2,000 are waiting, in multi-row
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
// Loss window, documented in the README: entries not yet written when the process dies without a
// clean stop (kill -9, power loss, OOM) are lost, at most the last second's. A clean stop
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
  /** Once per batch, with what it wrote: a team's log is trimmed once a batch, not once a statement. */
  trim: Write;
};
const DEFAULTS: Options = { flushEveryMs: FLUSH_EVERY_MS, flushAt: FLUSH_AT, maxBuffered: MAX_BUFFERED, writeAtOnce: WRITE_AT_ONCE, keep: REQUEST_LOG_KEEP, trim: trimAfterWriting };

export class RequestLogBuffer {
  // Per database, per team and kind ("e" errors, "s" successes), oldest first.
  private waiting = new Map<Db, Map<string, Waiting[]>>();
  private describing = new Set<Promise<void>>();
  private last = 0;
  private size = 0;
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
    // Older than the newest `keep` of its team and kind: the write's trim would delete it at once.
    if (list.length > (entry.isError ? this.options.keep.errors : this.options.keep.successes)) {
      list.shift();
      this.size--;
    }
    if (this.size > this.options.maxBuffered) this.dropOldest(lists);
    if (!arm) return;
    // These do not wait for entries being described: those join the next batch.
    if (this.size >= this.options.flushAt) void this.writeWaiting();
    else this.timer ??= setTimeout(() => void this.writeWaiting(), this.options.flushEveryMs).unref();
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
    await this.writeWaiting();
  }

  /** Writes the entries waiting now. */
  private async writeWaiting(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One flush at a time, so batches reach the database in order.
    while (this.flushing) await this.flushing;
    if (this.size === 0) return;
    const batches = [...this.waiting].map(([db, lists]) => [db, [...lists.values()].flat().sort((a, b) => a.at.getTime() - b.at.getTime())] as const);
    this.waiting = new Map();
    this.size = 0;
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
