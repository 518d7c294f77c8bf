import pg from "pg";

/**
 * Waits until `count` sessions of the database wait on a lock (held by a test's starting gate),
 * or `gaveUp()` says to stop waiting. Watched from a connection of its own: inside a transaction,
 * pg_stat_activity would show one snapshot.
 */
export async function waitForLockWaiters(connectionString: string, count: number, gaveUp: () => boolean): Promise<void> {
  const watch = new pg.Client({ connectionString });
  await watch.connect();
  try {
    for (;;) {
      const { rows } = await watch.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0].n >= count || gaveUp()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await watch.end();
  }
}
