// Requests the production server hands to the SCIM route handlers itself (serve-direct.ts), not
// through Next: with-scim-auth cannot defer their request-log entry with Next's after().
const direct = new WeakSet<Request>();

export const markServedDirectly = (request: Request): void => {
  direct.add(request);
};

export const isServedDirectly = (request: Request): boolean => direct.has(request);
