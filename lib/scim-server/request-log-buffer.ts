// HOW the SCIM request log is written (request-log.ts says WHAT an entry is): entries are kept in
// memory and written in batches — one multi-row INSERT per second, or as soon as 500 are waiting —
// instead of one INSERT and commit after every request. An IdP's import or sync no longer pays a
// commit per request for its own debugging log.
//
// Loss window, documented in the README: entries not yet written when the process dies without a
// clean stop (kill -9, power loss, OOM) are lost, at most the last second's. A clean stop
// (SIGTERM/SIGINT through scripts/start.ts) writes them first (lib/db/shutdown-hooks.ts). If the
// database is away, a batch is retried with the next one; beyond MAX_BUFFERED waiting
// entries the oldest are dropped and the count is reported on stderr, so a database outage cannot
// grow the process's memory. The audit trail (membership changes) is never buffered: it commits
// in the change's own transaction.
import type { Db } from "../members/types";
import { onProcessShutdown } from "../db/shutdown-hooks";
import { writeScimRequestLogs, type RequestLogEntry, type TimedRequestLogEntry } from "./request-log";

export const FLUSH_EVERY_MS = 1000;
export const FLUSH_AT = 500;
export const MAX_BUFFERED = 10_000;

type Write = (db: Db, entries: TimedRequestLogEntry[]) => Promise<void>;

export class RequestLogBuffer {
  private waiting = new Map<Db, TimedRequestLogEntry[]>();
  private last = 0;
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly write: Write = writeScimRequestLogs, private readonly options = { flushEveryMs: FLUSH_EVERY_MS, flushAt: FLUSH_AT, maxBuffered: MAX_BUFFERED }) {}

  /** Queues an entry; it reaches the database within flushEveryMs. Never waits on the database. */
  add(db: Db, entry: RequestLogEntry): void {
    // Strictly increasing times (the column has milliseconds): the log keeps the requests' order.
    this.last = Math.max(Date.now(), this.last + 1);
    this.queue(db, { ...entry, at: new Date(this.last) });
  }

  private queue(db: Db, entry: TimedRequestLogEntry, arm = true): void {
    const list = this.waiting.get(db) ?? [];
    if (!this.waiting.has(db)) this.waiting.set(db, list);
    list.push(entry);
    this.size++;
    if (this.size > this.options.maxBuffered) this.dropOldest(list);
    if (!arm) return;
    if (this.size >= this.options.flushAt) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushEveryMs).unref();
  }

  get buffered(): number {
    return this.size;
  }

  /** Writes everything waiting now (one INSERT per database); resolves when it is written or has failed. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One flush at a time, so batches reach the database in order.
    while (this.flushing) await this.flushing;
    if (this.size === 0) return;
    const batches = [...this.waiting];
    this.waiting = new Map();
    this.size = 0;
    this.flushing = (async () => {
      for (const [db, entries] of batches) {
        try {
          await this.write(db, entries);
        } catch (e) {
          await this.writeOneByOne(db, entries, e);
        }
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /**
   * A refused batch is written entry by entry, so one entry the database refuses (its team deleted
   * since the request) cannot hold back the log. If some entries are written, the database is up
   * and those it refused are dropped and reported; if none is, it is away and all of them wait for
   * the next batch (a timer is not set for them alone: they go with the next request's).
   */
  private async writeOneByOne(db: Db, entries: TimedRequestLogEntry[], batchError: unknown): Promise<void> {
    const refused: { entry: TimedRequestLogEntry; error: unknown }[] = [];
    for (const entry of entries) {
      try {
        await this.write(db, [entry]);
      } catch (error) {
        refused.push({ entry, error });
      }
    }
    if (refused.length === 0) return;
    if (refused.length < entries.length) {
      console.error(`SCIM request log: ${refused.length} of ${entries.length} entries refused by the database and dropped:`, refused[0]!.error);
      return;
    }
    console.error(`SCIM request log: writing ${entries.length} entries failed, retrying with the next batch:`, batchError);
    for (const { entry } of refused) this.queue(db, entry, false);
  }

  private dropOldest(list: TimedRequestLogEntry[]): void {
    list.shift();
    this.size--;
    this.dropped++;
    if (this.dropped === 1 || this.dropped % 1000 === 0) console.error(`SCIM request log: buffer full (database unreachable?), ${this.dropped} entries dropped so far`);
  }

  private dropped = 0;
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
