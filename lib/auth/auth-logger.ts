import type { LoggerInstance } from "next-auth";
import { SessionEndedError } from "./session-ended";

// next-auth's own logger prints a stack trace for every cookie it cannot read, so anyone could
// fill the server log with traces by sending a garbage or tampered session cookie. Such a cookie
// is the visitor's problem, not the server's: one line says what happened, and the visitor is
// simply not signed in. So is a sign-in callback without its state or PKCE cookie. Other errors
// keep their message and, when unexpected, their stack.

// Errors a client causes by what it sends; nothing on the server is wrong.
const CLIENT_CAUSED = new Set(["JWT_SESSION_ERROR", "CLIENT_FETCH_ERROR", "CSRF_TOKEN_MISMATCH"]);

// A sign-in callback whose state / PKCE (or nonce) cookie is missing, unreadable or does not
// match (next-auth's checks, then openid-client's): a login that expired, began in another
// browser or was never started here. Anyone can send one; the visitor just signs in again.
const STALE_CALLBACK = /^(?:(?:State|PKCE code_verifier|Nonce) (?:cookie was missing|value could not be parsed)\.|state mismatch\b|state missing from the response)/;

function messageOf(metadata: unknown): string {
  if (metadata instanceof Error) return metadata.message;
  const m = metadata as { message?: unknown; error?: { message?: unknown } } | null | undefined;
  const text = m?.message ?? m?.error?.message;
  return typeof text === "string" ? text : "";
}

/** What to print for a next-auth error: pure, so the rule is tested alone. */
export function describeAuthError(code: string, metadata: unknown): { level: "warn" | "error"; line: string; stack?: string } {
  const message = messageOf(metadata).split("\n")[0]!.slice(0, 300);
  if (code === "JWT_SESSION_ERROR" && metadata instanceof SessionEndedError) {
    return { level: "warn", line: "[auth] a cookie whose session has ended asked for the session; answered as signed out and the cookie cleared" };
  }
  if (CLIENT_CAUSED.has(code)) {
    const what = code === "JWT_SESSION_ERROR" ? "a session cookie could not be read (expired secret, tampered or garbage); the visitor is treated as signed out" : code.toLowerCase();
    return { level: "warn", line: `[auth] ${what}${message ? `: ${message}` : ""}` };
  }
  if (code === "OAUTH_CALLBACK_ERROR" && STALE_CALLBACK.test(message)) {
    // The expected value openid-client quotes is the cookie's state: not for the log.
    const said = message.replace(/, expected .*$/, "");
    return { level: "warn", line: `[auth] a sign-in callback came without a valid state or PKCE cookie (expired, another browser, or not started here); the visitor is asked to sign in again: ${said}` };
  }
  const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | null)?.error;
  return { level: "error", line: `[auth] ${code}${message ? `: ${message}` : ""}`, stack: err instanceof Error ? err.stack : undefined };
}

export const authLogger: Partial<LoggerInstance> = {
  error(code, metadata) {
    const d = describeAuthError(code, metadata);
    if (d.level === "warn") console.warn(d.line);
    else console.error(d.line, ...(d.stack ? [`\n${d.stack}`] : []));
  },
  warn(code) {
    console.warn(`[auth] ${code}`);
  },
  debug() {},
};
