// The HTTP server of `npm start`: Next's own request handler behind two checks that Next has no
// option for (lib/security/request-target.ts): a request line naming another host is refused
// instead of redirected there, and X-Forwarded-For holds only addresses the app may trust (the
// sign-in throttle counts per client address).
import http from "node:http";
import next from "next";
import { appUrl, env } from "../lib/env";
import { normalizeRequestTarget, trustedForwardedFor } from "../lib/security/request-target";

const settings = env();
const origin = appUrl();
const app = next({ dev: false, dir: process.cwd(), port: settings.PORT });
const handle = app.getRequestHandler();
await app.prepare();

function refuse(res: http.ServerResponse, path: string) {
  // 421 Misdirected Request (RFC 9110 §15.5.20): this server does not answer for that origin.
  const scim = path.includes("/api/scim/");
  res.writeHead(421, { "content-type": scim ? "application/scim+json" : "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "cache-control": "no-store" });
  res.end(
    scim
      ? JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "421", detail: `This server answers only for ${origin}` })
      : `This server answers only for ${origin}\n`,
  );
}

http
  .createServer((req, res) => {
    const target = normalizeRequestTarget(req.url ?? "/", origin);
    if (!target.ok) return refuse(res, req.url ?? "");
    req.url = target.path;
    const forwarded = trustedForwardedFor(req.headers["x-forwarded-for"], req.socket.remoteAddress, settings.TRUSTED_PROXY_HOPS);
    if (forwarded) req.headers["x-forwarded-for"] = forwarded;
    else delete req.headers["x-forwarded-for"];
    void handle(req, res);
  })
  .listen(settings.PORT, () => console.log(`Listening on ${origin} (port ${settings.PORT})`));
