// PGlite runs PostgreSQL on this thread, synchronously: a statement's promise is settled before
// control returns, so a request that runs statement after statement never gives Node a turn to
// read the network. With many requests in flight, their continuations ran back to back for up to
// 1.3 s (a CPU profile under 50 clients: one microtask drain of PGlite statements), and a client
// whose connection arrived meanwhile waited for all of it: 9–13 s for the last of 50 new
// connections (README "Memory and latency under load"). Each statement here first waits for the
// event loop's next turn, as it would for a database across a socket, so the network is read
// between statements and work is served in turn.
import type { PGlite, Transaction } from "@electric-sql/pglite";

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type Queries = Pick<PGlite, "query" | "exec">;

function yielding<T extends Queries>(target: T): T {
  return new Proxy(target, {
    // The target as `this` throughout: PGlite's getters read private fields, which a proxy lacks.
    get(t, key) {
      if (key === "query" || key === "exec") {
        const run = Reflect.get(t, key) as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]) => {
          await nextTurn();
          return run.apply(t, args);
        };
      }
      if (key === "transaction") {
        const begin = Reflect.get(t, key) as PGlite["transaction"];
        return async <R,>(fn: (tx: Transaction) => Promise<R>) => {
          await nextTurn();
          return begin.call(t, (tx: Transaction) => fn(yielding(tx)));
        };
      }
      const value = Reflect.get(t, key);
      return typeof value === "function" ? value.bind(t) : value;
    },
  });
}

/** The PGlite client the app's queries go through: each statement waits for the next turn. */
export const takingTurns = (db: PGlite): PGlite => yielding(db);
