// Answers, in the SCIM error format, the requests under /api/scim/v2 that never reach a route
// handler (see preflightScimRequest in lib/scim/endpoints.ts): without this, TRACE is a 500 from
// Next.js and PROPFIND an empty 400. Next.js offers no hook that runs before it builds a Request
// (its proxy builds one too), so the guard sits on the Node HTTP server's "request" event; it is
// installed once, from instrumentation.ts, in the Node.js runtime only.
import http from "node:http";
import type { Duplex } from "node:stream";
import { scimErrorBody } from "../scim/errors";
import { preflightScimRequest, preflightUnparsedRequest, tolerantScimTarget } from "../scim/endpoints";
import { SCIM_CONTENT_TYPE } from "./respond";

const INSTALLED = Symbol.for("gatehouse.scimRequestGuard");

/** Answers the request if the guard applies; returns whether it did. */
export function answerBeforeNext(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const pre = preflightScimRequest(req.method ?? "", req.url ?? "");
  if (!pre) return false;
  const body = JSON.stringify(scimErrorBody(pre.error));
  // The body is not read: close the connection rather than parse what follows on it.
  res.writeHead(pre.error.status, { "Content-Type": SCIM_CONTENT_TYPE, "Content-Length": Buffer.byteLength(body), Connection: "close", ...pre.headers });
  res.end(body);
  return true;
}

/**
 * A request Node's parser refused (431 for oversized headers, 400 for an unknown method such as
 * FOO): answered in the SCIM format when its raw request line names a SCIM path.
 */
export function answerUnparsed(err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): boolean {
  if (!socket.writable || !err.rawPacket) return false;
  const pre = preflightUnparsedRequest(err.code, err.rawPacket.subarray(0, 8300).toString("latin1"));
  if (!pre) return false;
  const body = JSON.stringify(scimErrorBody(pre.error));
  const head = [`HTTP/1.1 ${pre.error.status} ${http.STATUS_CODES[pre.error.status] ?? ""}`, `Content-Type: ${SCIM_CONTENT_TYPE}`, `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close"];
  for (const [k, v] of Object.entries(pre.headers)) head.push(`${k}: ${v}`);
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
  return true;
}

export function installScimRequestGuard(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      // Before anything routes it, so that the guard, the direct SCIM path and Next all see one path.
      req.url = tolerantScimTarget(req.url ?? "/");
      if (answerBeforeNext(req, args[1] as http.ServerResponse)) return true;
    }
    if (event === "clientError" && answerUnparsed(args[0] as Error, args[1] as Duplex)) return true;
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
