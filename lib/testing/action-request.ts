// Server actions called as Next calls them, from an integration test: inside a request scope (the
// stores next/headers, next/cache and next/navigation read) carrying a session cookie, or none.
// A server action is a public endpoint: tests hand it anything a client could send.
// Import this module first and the action modules afterwards, with `await import(...)`: what it
// installs (below) applies to modules loaded after it.
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire, register } from "node:module";
import { encode } from "next-auth/jwt";
import { authSecret } from "../env";
import type { Db } from "../members/types";
import { startSession } from "../sessions/start-session";

const requireCjs = createRequire(import.meta.url);

// What Next's server sets up before its request-scope stores are made (without it they are fakes).
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

// As Next's server bundles do: `next/navigation` in server code is its react-server build (the
// default one is for client components and needs React's client APIs). Installed at import, so
// this module is imported before the actions under test.
type ResolveFilename = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const Module = requireCjs("node:module") as { _resolveFilename: ResolveFilename };
const resolveFilename = Module._resolveFilename;
const serverNavigation = requireCjs.resolve("next/dist/client/components/navigation.react-server.js");
Module._resolveFilename = function (request, parent, ...rest) {
  const resolved = resolveFilename.call(this, request, parent, ...rest);
  return /[\\/]next[\\/]dist[\\/]client[\\/]components[\\/]navigation\.js$/.test(resolved) ? serverNavigation : resolved;
};

// next-auth's providers as Next's bundler gives them to lib/auth/options.ts (next-auth-providers-hooks.mjs).
register("./next-auth-providers-hooks.mjs", import.meta.url);

// Next's own request-scope stores (CommonJS: the instances next/headers reads).
const { workAsyncStorage } = requireCjs("next/dist/server/app-render/work-async-storage.external.js") as {
  workAsyncStorage: { run<T>(store: unknown, fn: () => T): T };
};
const { workUnitAsyncStorage } = requireCjs("next/dist/server/app-render/work-unit-async-storage.external.js") as {
  workUnitAsyncStorage: { run<T>(store: unknown, fn: () => T): T };
};
const { createRequestStoreForAPI } = requireCjs("next/dist/server/async-storage/request-store.js") as {
  createRequestStoreForAPI: (req: { headers: Record<string, string> }, url: { pathname: string; search?: string }, implicitTags: unknown, onUpdateCookies: undefined, previewProps: undefined) => unknown;
};
const { isRedirectError } = requireCjs("next/dist/client/components/redirect-error.js") as { isRedirectError: (e: unknown) => boolean };
// NEXT_REDIRECT;<type>;<url>;<status>;
const redirectUrl = (e: unknown) => String((e as { digest: string }).digest).split(";").slice(2, -2).join(";");
const { isHTTPAccessFallbackError } = requireCjs("next/dist/client/components/http-access-fallback/http-access-fallback.js") as {
  isHTTPAccessFallbackError: (e: unknown) => boolean;
};

/** A signed-in person's session cookie (a server-side session of theirs, as signing in makes). */
export async function sessionCookie(db: Db, userId: string, options: { onlyTeamId?: string } = {}): Promise<string> {
  const sid = await startSession(db, { userId, method: options.onlyTeamId ? "saml" : "password", maxAgeSeconds: 3600, onlyTeamId: options.onlyTeamId });
  const jwt = await encode({ secret: authSecret(), token: { sub: userId, sid } });
  return `next-auth.session-token=${jwt}`;
}

/** How an action call ended: its answer, a redirect, a 404, or an error thrown out of it (a 500). */
export type ActionOutcome<A> = { answer: A } | { redirect: string } | { notFound: true } | { threw: unknown };

/**
 * Runs `call` as a request with these headers (a cookie, X-Forwarded-For) would run it. What it
 * hands to next/server's after() runs once it has answered, as Next runs it once the response is
 * sent; `whenAnswered` looks at the world in between.
 */
export async function inRequest<A>(headers: Record<string, string>, call: () => Promise<A>, options: { whenAnswered?: () => Promise<void> } = {}): Promise<ActionOutcome<A>> {
  const afterTasks: (() => unknown)[] = [];
  const workStore = {
    afterContext: { after: (task: unknown) => void afterTasks.push(typeof task === "function" ? (task as () => unknown) : () => task) },
    route: "/test-action",
    page: "/test-action",
    isStaticGeneration: false,
    forceStatic: false,
    dynamicShouldError: false,
    incrementalCache: {},
    pendingRevalidatedTags: [] as unknown[],
    pendingRevalidates: {},
    pendingRevalidateWrites: [],
    pathWasRevalidated: 0,
  };
  const requestStore = createRequestStoreForAPI({ headers: { host: "localhost:3000", ...headers } }, { pathname: "/test-action" }, { tags: [], expirationsByCacheKind: new Map() }, undefined, undefined);
  try {
    const inScope = <T>(fn: () => T) => workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
    const answer = await inScope(call);
    await options.whenAnswered?.();
    for (const task of afterTasks) await inScope(task);
    return { answer };
  } catch (e) {
    if (isRedirectError(e)) return { redirect: redirectUrl(e) };
    if (isHTTPAccessFallbackError(e)) return { notFound: true };
    return { threw: e };
  }
}
