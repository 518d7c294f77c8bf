// The origin a browser used, from the request's headers. Display only (which SCIM endpoint to show
// an admin, and whether to warn): nothing security-relevant is ever derived from it, since any
// client can send any Host. Still validated, so a header cannot inject anything into the page.

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

const first = (v: string | null | undefined) => v?.split(",")[0]?.trim() || null;

export function originFromHeaders(h: { host?: string | null; forwardedHost?: string | null; forwardedProto?: string | null }): string | null {
  const host = first(h.forwardedHost) ?? first(h.host);
  if (!host) return null;
  const m = HOST.exec(host);
  if (!m || (m[1] && Number(m[1]) > 65535)) return null;
  const proto = first(h.forwardedProto)?.toLowerCase();
  try {
    return new URL(`${proto === "https" ? "https" : "http"}://${host}`).origin;
  } catch {
    return null;
  }
}
