// Security headers. Static ones (next.config.ts) go on every response, pages and APIs alike; the
// Content-Security-Policy of a page carries a fresh nonce per request (proxy.ts), which Next puts
// on its own scripts when it finds it in the request's CSP header.

/** Headers for every response. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  // Never framed (clickjacking); frame-ancestors 'none' says the same to CSP-aware browsers.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Other sites learn nothing from links followed out of the admin UI (team slugs, filters).
  { key: "Referrer-Policy", value: "same-origin" },
  // No page here uses these device features: nothing injected can ask for them.
  { key: "Permissions-Policy", value: "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** The SCIM API answers JSON only: nothing in it may run, load or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A page's policy: scripts only with this request's nonce ('strict-dynamic' lets the chunks Next's
 * nonced scripts load run too); no plugins, no <base>, forms post only here, never framed.
 */
export function pageCsp(nonce: string, { https, dev }: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React's style={…}) are harmless without script; <style> needs the nonce.
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** HSTS, only when the public origin is https (a browser ignores it over http anyway). */
export const HSTS = "max-age=63072000; includeSubDomains";
