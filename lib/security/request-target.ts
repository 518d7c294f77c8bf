// The request line's target, before Next sees it. A client may send it in absolute form
// (`GET http://evil.test/api/scim/v2/Users/x HTTP/1.1`, RFC 9112 §3.2.2); Next then answered a
// 308 to that host, because it "normalises" the `//` it finds. Only this server's own origin is
// served that way (as the plain path); any other host is refused, never redirected to.

export type RequestTarget = { ok: true; path: string } | { ok: false };

export function normalizeRequestTarget(target: string, origin: string): RequestTarget {
  if (target.startsWith("/")) return { ok: true, path: target };
  if (target === "*") return { ok: false };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false };
  }
  if (url.origin !== new URL(origin).origin || url.username || url.password) return { ok: false };
  return { ok: true, path: `${url.pathname}${url.search}` };
}

/**
 * X-Forwarded-For as the app may trust it. With no reverse proxy in front (hops = 0) only the
 * connection's own address is true, whatever the client wrote; behind proxies, each appended the
 * address it saw, and lib/auth/client-address.ts reads the entry the outermost one wrote.
 */
export function trustedForwardedFor(incoming: string | string[] | undefined, socketAddress: string | undefined, trustedProxyHops: number): string | undefined {
  if (trustedProxyHops > 0) return Array.isArray(incoming) ? incoming.join(", ") : incoming;
  return socketAddress;
}
