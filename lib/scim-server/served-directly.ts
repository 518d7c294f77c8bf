import type { Readable } from "node:stream";

// Requests the production server hands to the SCIM route handlers itself (serve-direct.ts), not
// through Next: with-scim-auth cannot defer their request-log entry with Next's after(), and
// readScimBody reads their body from Node's request stream. Their Request is made without a body:
// a web stream over Node's (Readable.toWeb), read to its end, cost 50-90 µs of a write's CPU.
const direct = new WeakMap<Request, Readable | null>();

export const markServedDirectly = (request: Request, body: Readable | null = null): void => {
  direct.set(request, body);
};

export const isServedDirectly = (request: Request): boolean => direct.has(request);

/** The body of a request served directly, as Node's stream; null for any other request (read request.body). */
export const directRequestBody = (request: Request): Readable | null => direct.get(request) ?? null;
