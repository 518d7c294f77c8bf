// Next's request handler behind two checks Next has no option for (lib/security/request-target.ts):
// a request line naming another host is refused instead of redirected there, and X-Forwarded-For
// holds only addresses the app may trust (the sign-in throttle counts per client address). Past
// both checks, SCIM requests are served ahead of Next's pipeline (app/api/scim/v2/serve-direct.ts).
import type http from "node:http";
import { directScimServer } from "../../lib/scim-server/direct-server-slot";
import { normalizeRequestTarget, trustedForwardedFor } from "../../lib/security/request-target";

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

function refuse(res: http.ServerResponse, path: string, origin: string) {
  // 421 Misdirected Request (RFC 9110 §15.5.20): this server does not answer for that origin.
  const scim = path.includes("/api/scim/");
  res.writeHead(421, {
    "content-type": scim ? "application/scim+json" : "text/plain; charset=utf-8",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  res.end(
    scim
      ? JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "421", detail: `This server answers only for ${origin}` })
      : `This server answers only for ${origin}\n`,
  );
}

export function guardedHandler(handle: Handle, origin: string, trustedProxyHops: number) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = normalizeRequestTarget(req.url ?? "/", origin);
    if (!target.ok) return refuse(res, req.url ?? "", origin);
    req.url = target.path;
    const forwarded = trustedForwardedFor(req.headers["x-forwarded-for"], req.socket.remoteAddress, trustedProxyHops);
    if (forwarded) req.headers["x-forwarded-for"] = forwarded;
    else delete req.headers["x-forwarded-for"];
    // SCIM is served ahead of Next's pipeline when Next's instrumentation registered the server for it.
    if (directScimServer()?.(req, res)) return;
    void handle(req, res);
  };
}
