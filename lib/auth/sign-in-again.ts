import { safeCallbackUrl } from "./safe-callback-url";

// Where a page sends someone who is not (or no longer) signed in: the sign-in page, which brings
// them back to the page they were on. With a session cookie that no longer works (expired, signed
// out elsewhere, access ended) it says so, rather than a bare sign-in form. Pure.

/** The header proxy.ts sets on every page request: the path and query the browser asked for. */
export const REQUEST_PATH_HEADER = "x-gatehouse-path";

const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;
/** Set by components/session-marker.tsx while signed in: the session cookie itself is gone once it expires. */
export const SESSION_MARKER_COOKIE = "gatehouse-signed-in";

/** Whether the browser was signed in: a next-auth session cookie (maybe chunked: ".0", ".1", …) or the marker. */
export const hasSessionCookie = (cookieNames: Iterable<string>): boolean => [...cookieNames].some((n) => SESSION_COOKIE.test(n) || n === SESSION_MARKER_COOKIE);

export function signInAgainUrl(input: { path: string | null; fallback: string; hadSession: boolean; accessEnded?: boolean }): string {
  const requested = input.path ? safeCallbackUrl(input.path) : "/";
  // The sign-in page itself, or nothing usable: back to where the caller would send them.
  const back = requested === "/" || requested.startsWith("/login") ? input.fallback : requested;
  const error = input.accessEnded ? "SessionRequired" : input.hadSession ? "SessionEnded" : null;
  return `/login?callbackUrl=${encodeURIComponent(back)}${error ? `&error=${error}` : ""}`;
}
