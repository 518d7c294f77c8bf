// For race tests on the PostgreSQL server: hold one write open, and wait until another is blocked
// behind it, so the interleaving is forced rather than hoped for (no sleeps as a schedule).
import assert from "node:assert/strict";
import type pg from "pg";
import type { Db, Tx } from "../members/types";

/**
 * Until a backend's statement containing `text` waits for a lock, or `settled()` says the statement
 * finished without waiting (fails after a minute). pg_stat_activity keeps a statement's first
 * 1,024 bytes: `text` must be among them.
 */
export async function waitsForLock(admin: pg.Client, text: string, settled: () => boolean = () => false): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    if (settled()) return;
    const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%${text}%`]);
    if (rows.length > 0) return;
    if (Date.now() > giveUpAt) assert.fail(`no statement containing ${text} waited for a lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How many backends wait for `pid`, directly or behind another waiter (the second at a row waits for the first's tuple lock). */
const blockedBy = async (admin: pg.Client, pid: number) =>
  (
    await admin.query<{ n: number }>(
      `WITH RECURSIVE waiting(pid) AS (
         SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))
         UNION SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY(pg_blocking_pids(a.pid)))
       SELECT count(*)::int AS n FROM waiting`,
      [pid],
    )
  ).rows[0]!.n;

/** Until `n` backends wait for backend `pid`, or `settled()` says the other side finished without waiting (fails after a minute). */
export async function untilBlocked(admin: pg.Client, pid: number, n: number, settled: () => boolean = () => false): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    if (settled() || (await blockedBy(admin, pid)) >= n) return;
    if (Date.now() > giveUpAt) {
      const { rows } = await admin.query(`SELECT pid, state, wait_event_type, pg_blocking_pids(pid) AS by, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      assert.fail(`${await blockedBy(admin, pid)} backends waited for ${pid}, not ${n}: ${JSON.stringify(rows)}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A transaction of `db` held open at a gate: `held` once `inside` is done in it, with `pid` its
 * backend (what untilBlocked waits on). `beforeCommit` runs after the release, in the same
 * transaction (a write that others waiting at its locks must see once it commits). A domain
 * function that opens its own transaction joins this one through joinTransaction(tx).
 */
export function heldTransaction(db: Db, inside: (tx: Tx) => Promise<unknown>, { beforeCommit }: { beforeCommit?: (tx: Tx) => Promise<unknown> } = {}) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: (pid: number) => void;
  const pid = new Promise<number>((r) => (locked = r));
  const committed = db.$transaction(
    async (tx) => {
      await inside(tx);
      const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      locked(row!.pid);
      await gate;
      await beforeCommit?.(tx);
    },
    { timeout: 120_000 },
  );
  return { held: pid.then(() => undefined), pid, release, committed };
}
