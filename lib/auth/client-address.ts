import { isIP } from "node:net";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * The client's address for per-address throttling: read from X-Forwarded-For, where each trusted
 * reverse proxy appends the address it saw (TRUSTED_PROXY_HOPS of them), and where the server
 * records the connection's address itself when there is no proxy. Entries further left were
 * written by the client and are ignored. Null when there is nothing usable.
 */
export function clientAddress(headers: HeaderSource, trustedProxyHops: number): string | null {
  const entries = (header(headers, "x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const candidate = entries[entries.length - Math.max(1, trustedProxyHops)];
  if (!candidate) return null;
  const address = candidate.replace(/^::ffff:/i, "");
  return isIP(address) ? address : null;
}
