// The SCIM API served by the production server (scripts/start.ts) ahead of Next's request
// pipeline, through the same route handlers (router.ts). Why: Next's own cost per request, measured
// on a route handler that does nothing, was about 1 ms of CPU, a third of a lookup and more than
// Jackson spends on a whole one (npm run bench:hot-path, "empty route"). Only requests Next would
// route to a handler as they are come here; anything else (HEAD, OPTIONS, a path Next would parse
// into another, an unexported method) is left to Next, which answers it as before.
import type http from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import Negotiator from "negotiator";
import { appUrl } from "@/lib/env";
import { SCIM_BASE_PATH } from "@/lib/scim/endpoints";
import { ScimError } from "@/lib/scim/errors";
import { knownBodyText, scimErrorResponse } from "@/lib/scim-server/respond";
import { markServedDirectly } from "@/lib/scim-server/served-directly";
import { API_CSP, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";
import { routeScim, type ScimRoute } from "./router";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

// What next.config.ts's headers() gives every SCIM answer Next serves.
const SECURITY_HEADERS: [string, string][] = [...STATIC_SECURITY_HEADERS.map((h): [string, string] => [h.key, h.value]), ["Content-Security-Policy", API_CSP]];

const gzip = promisify(zlib.gzip);

/** The route a request line goes to when it is served here, or null to leave it to Next. */
export function directRoute(method: string, target: string): ScimRoute | null {
  if (!METHODS.has(method) || !target.startsWith(SCIM_BASE_PATH)) return null;
  const q = target.indexOf("?");
  const sub = (q < 0 ? target : target.slice(0, q)).slice(SCIM_BASE_PATH.length);
  if (sub !== "" && !sub.startsWith("/")) return null;
  // Next routes the WHATWG-parsed path: it resolves dot segments (encoded ones too), drops a
  // fragment, turns a backslash into a slash and re-encodes some characters; it also redirects a
  // trailing slash and normalizes empty segments, which parsing keeps. Any such path, and an
  // encoded resource type ("/U%73ers"), is left to Next, so that none is routed (or logged)
  // differently here.
  const pathname = target.slice(0, q < 0 ? target.length : q);
  if (sub.endsWith("/") || sub.includes("//") || /^\/[^/]*%/.test(sub) || new URL(pathname, "http://n").pathname !== pathname) return null;
  const route = routeScim(method, sub);
  return route?.handler ? route : null;
}

export const serveScimDirect = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
  const route = directRoute(req.method ?? "", req.url ?? "");
  if (!route) return false;
  void answer(route, req, res);
  return true;
};

async function answer(route: ScimRoute, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let response: Response;
  try {
    // From req.headers, as Next builds its Request: Node keeps the first of a repeated
    // Authorization or Content-Type, and guarded-handler.ts has already cleaned X-Forwarded-For.
    // Into the Request's own headers: a Headers given to the constructor is copied.
    // Without a body: readScimBody reads it from req itself (served-directly.ts).
    const request = new Request(new URL(req.url!, appUrl()), { method: req.method });
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) request.headers.append(name, v);
      else if (value !== undefined) request.headers.append(name, value);
    }
    markServedDirectly(request, req.method === "GET" ? null : req);
    response = await route.handler!(request, { params: Promise.resolve(route.params) });
  } catch (e) {
    // The handlers answer every failure of their own in the SCIM format; this is a request they
    // could not be given (e.g. a header value fetch refuses). Logged without the query or the
    // error's message: either can carry what was sent (an address in a filter, a header's value,
    // which may be the bearer token).
    console.error("SCIM request failed before its handler:", req.method, (req.url ?? "").split("?")[0], (e as Error | null)?.name ?? typeof e);
    response = scimErrorResponse(new ScimError(400, undefined, "The request could not be read"));
  }
  try {
    const text = knownBodyText(response);
    // A text stays a string to the socket: Node writes it with the head in one write.
    let out: string | Buffer | null = text !== undefined ? text : response.body ? Buffer.from(await response.arrayBuffer()) : null;
    const head: Record<string, string> = {};
    for (const [k, v] of SECURITY_HEADERS) head[k] = v;
    response.headers.forEach((v, k) => (head[k] = v));
    if (out !== null) {
      // Next compresses answers of 1 kB or more for clients that accept gzip (its `compress`
      // option, on by default); so does this, so an import's pages cost the same bandwidth either way.
      let size = Buffer.byteLength(out);
      if (size >= 1024 && new Negotiator(req).encoding(["gzip", "identity"]) === "gzip") {
        out = await gzip(out);
        size = out.byteLength;
        head["Content-Encoding"] = "gzip";
      }
      head["Content-Length"] = String(size);
    }
    // Whether an answer is compressed depends on Accept-Encoding; a 304 carries the Vary its 200
    // would have (RFC 9110 §15.4.5), so a cache revalidating a gzipped copy keys it the same way.
    if (out !== null || response.status === 304) head.vary = head.vary ? `${head.vary}, Accept-Encoding` : "Accept-Encoding";
    // A body the handler did not read to its end (refused as too large, or before it was read):
    // close the connection rather than parse what follows on it as the next request.
    if (!req.complete) head.Connection = "close";
    res.writeHead(response.status, head);
    res.end(out);
  } catch (e) {
    console.error("SCIM response failed:", req.method, req.url, e);
    res.destroy();
  }
}
