import type { Db } from "../members/types";

/**
 * `db`, but the first call of `db[model][method]` stops once it has returned, until `then` has run:
 * a race test's way to let another write commit between what code under test read and what it
 * writes next, without timing.
 */
export function pausingAfter<M extends keyof Db>(db: Db, model: M, method: string, then: () => Promise<void>): Db {
  let once = false;
  const delegate = new Proxy(db[model] as object, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== method || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const found = await value.apply(target, args);
        if (!once) {
          once = true;
          await then();
        }
        return found;
      };
    },
  });
  return new Proxy(db, {
    get(target, prop) {
      if (prop === model) return delegate;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * `db`, but inside its transactions, once a call matching `when` has returned (a raw statement,
 * named "$queryRaw" / "$executeRaw" with its SQL, or "model.method"), `then` runs before the
 * transaction goes on, once: a race test's way to hold a transaction's locks while another write
 * meets them.
 */
export function pausingInTransaction(db: Db, when: (call: string, sql: string) => boolean, then: () => Promise<void>): Db {
  let once = false;
  const after = (call: string, sql: string, run: () => Promise<unknown>) => async () => {
    const result = await run();
    if (!once && when(call, sql)) {
      once = true;
      await then();
    }
    return result;
  };
  const wrapTx = (tx: object) =>
    new Proxy(tx, {
      get(inner, key) {
        const value = Reflect.get(inner, key, inner) as unknown;
        if (key === "$queryRaw" || key === "$executeRaw") {
          return (...args: unknown[]) => after(key, Array.isArray(args[0]) ? (args[0] as string[]).join("?") : String(args[0]), () => (value as (...a: unknown[]) => Promise<unknown>).apply(inner, args))();
        }
        if (typeof key === "string" && value && typeof value === "object") {
          return new Proxy(value, {
            get(model, method) {
              const fn = Reflect.get(model, method, model) as unknown;
              if (typeof fn !== "function") return fn;
              return (...args: unknown[]) => after(`${key}.${String(method)}`, "", () => (fn as (...a: unknown[]) => Promise<unknown>).apply(model, args))();
            },
          });
        }
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
      },
    });
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key !== "$transaction") return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return (fn: (tx: object) => Promise<unknown>, options?: unknown) => (value as (f: unknown, o?: unknown) => Promise<unknown>).call(target, (tx: object) => fn(wrapTx(tx)), options);
    },
  });
}
