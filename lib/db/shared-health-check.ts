// One database check at a time per process, its answer reused for a second: /api/health needs no
// sign-in, so calling it must not be a way to open connections or queue statements (each check
// opens one connection on PostgreSQL, health.ts). A change of answer is logged once, so an
// operator whose balancer took the instance out finds why in its log.
export type DatabaseHealth = "ok" | "unreachable" | "not answering";

const ANSWER_REUSED_MS = 1_000;

export function sharedHealthCheck(
  check: () => Promise<DatabaseHealth>,
  { reuseMs = ANSWER_REUSED_MS, now = Date.now, log = console.error }: { reuseMs?: number; now?: () => number; log?: (line: string) => void } = {},
): () => Promise<DatabaseHealth> {
  let running: Promise<DatabaseHealth> | undefined;
  let last: { health: DatabaseHealth; at: number } | undefined;
  return () => {
    if (running) return running;
    if (last && now() - last.at < reuseMs) return Promise.resolve(last.health);
    running = check()
      .catch((): DatabaseHealth => "unreachable")
      .then((health) => {
        if (health !== (last?.health ?? "ok")) log(health === "ok" ? "Health check: the database answers again" : `Health check: the database is ${health}`);
        last = { health, at: now() };
        return health;
      })
      .finally(() => (running = undefined));
    return running;
  };
}
