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
