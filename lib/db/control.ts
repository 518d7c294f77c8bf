// How a CLI reaches the server that holds the embedded database (only one process may open it):
// HTTP over a Unix socket beside the data folder, so it is never reachable from the network,
// readable by the server's user only (mode 0600), and each request carries the per-run secret the
// server wrote into its lock file (also 0600). The commands themselves are plain functions of an
// open database, defined by the caller (scripts/lib/db-commands.ts), and run the same way in the
// server or, when no server runs, in the CLI itself.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { EmbeddedLock, LockHolder } from "./embedded-lock";

export type ControlAddress = NonNullable<LockHolder["control"]>;
export type ControlHandlers = Record<string, (args: Record<string, unknown>) => Promise<unknown>>;

export class ControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ControlError";
  }
}

/**
 * `<folder>.sock`, or, when that is past the ~100-byte limit of a socket's address (a deep volume
 * path), a socket in a fresh folder of random name under the temp dir, made 0700 by mkdtemp and
 * removed on close. A fixed name there (first `/tmp/gatehouse-<hash>.sock`, then a folder
 * `/tmp/gatehouse-<uid>`) could be taken first by another local user, which stopped the server
 * from starting (found by reviews). The CLIs read the path from the lock file, so any will do.
 */
function socketPlace(dir: string): { socket: string; folder: string | null } {
  const beside = `${path.resolve(dir).replace(/\/+$/, "")}.sock`;
  if (Buffer.byteLength(beside) <= 100) return { socket: beside, folder: null };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-"));
  return { socket: path.join(folder, "control.sock"), folder };
}

const MAX_BODY = 64 * 1024;

/** Serves `handlers` on the folder's socket and advertises it in the lock this process holds. */
export async function startControlServer(dir: string, lock: EmbeddedLock, handlers: ControlHandlers): Promise<{ close: () => Promise<void> }> {
  const { socket, folder } = socketPlace(dir);
  const secret = crypto.randomBytes(32).toString("base64url");
  const expected = Buffer.from(`Bearer ${secret}`);
  // We hold the folder's lock, so a socket file left here is a dead server's.
  fs.rmSync(socket, { force: true });
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const auth = Buffer.from(req.headers.authorization ?? "");
    if (auth.length !== expected.length || !crypto.timingSafeEqual(auth, expected)) return reply(401, { error: "bad secret" });
    const handler = req.method === "POST" ? handlers[(req.url ?? "").replace(/^\//, "")] : undefined;
    if (!handler) return reply(404, { error: `unknown command ${req.method} ${req.url}` });
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => {
      body += d;
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on("end", () => {
      let args: Record<string, unknown>;
      try {
        args = JSON.parse(body || "{}") as Record<string, unknown>;
      } catch {
        return reply(400, { error: "body is not JSON" });
      }
      handler(args).then(
        (result) => reply(200, { result }),
        (e: unknown) => reply(422, { error: e instanceof Error ? e.message : String(e) }),
      );
    });
  });
  // Create the socket owner-only from the start (no window where others could connect).
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socket, resolve);
    });
  } finally {
    process.umask(umask);
  }
  lock.advertise({ socket, secret });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        fs.rmSync(folder ?? socket, { force: true, recursive: folder !== null });
      }),
  };
}

/** Runs a command on the server behind `address`; its result, or a ControlError with the server's message. */
export function callControl<T>(address: ControlAddress, command: string, args: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(args);
    const req = http.request(
      {
        socketPath: address.socket,
        path: `/${command}`,
        method: "POST",
        headers: { authorization: `Bearer ${address.secret}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          let parsed: { result?: T; error?: string };
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch {
            return reject(new ControlError(`The server answered ${res.statusCode} without JSON`));
          }
          if (res.statusCode === 200) resolve(parsed.result as T);
          else reject(new ControlError(parsed.error ?? `The server answered ${res.statusCode}`));
        });
      },
    );
    req.on("error", (e) => reject(new ControlError(`Could not reach the running server on ${address.socket}: ${e.message}`)));
    req.end(body);
  });
}
