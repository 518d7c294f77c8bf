// For race tests on the PostgreSQL server: hold one write open, and wait until another is blocked
// behind it, so the interleaving is forced rather than hoped for (no sleeps as a schedule).
import assert from "node:assert/strict";
import type pg from "pg";
import { joinTransaction } from "../teams/join-transaction";
import type { Db } from "../members/types";

/** Until a backend's statement containing `text` waits for a lock (fails after a minute). */
export async function waitsForLock(admin: pg.Client, text: string): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%${text}%`]);
    if (rows.length > 0) return;
    if (Date.now() > giveUpAt) assert.fail(`no statement containing ${text} waited for a lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A transaction of `db` held open at a gate, `inside` done in it; `held` once it is. */
export function heldTransaction(db: Db, inside: (db: Db) => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let done!: () => void;
  const held = new Promise<void>((r) => (done = r));
  const committed = db.$transaction(
    async (tx) => {
      await inside(joinTransaction(tx));
      done();
      await gate;
    },
    { timeout: 60_000 },
  );
  return { held, release, committed };
}
