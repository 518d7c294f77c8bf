// The SCIM endpoints Gatehouse serves under /api/scim/v2 and the methods each accepts (RFC 7644 §3.2),
// so that every path answers every method in the SCIM format: route handlers answer the methods
// Next.js routes, and preflightScimRequest (run before Next.js, see lib/scim-server/request-guard.ts)
// answers the ones it cannot: TRACE (Node's fetch refuses to build such a Request), WebDAV methods
// (Next answers an empty 400) and paths whose percent-encoding does not decode.
import { ScimError } from "./errors";

export const SCIM_BASE_PATH = "/api/scim/v2";

/**
 * A SCIM request target as the IdP meant it. IdPs join their base URL and "/Users" as strings, so a
 * base URL entered with a trailing slash (Okta's on-premises provisioning docs ask for one) sends
 * `/api/scim/v2//Users`, and some clients add one after a resource. Next answers such paths with a
 * redirect (a POST lost to a 308 is a person not created) or a 404. Under the SCIM base path, runs
 * of slashes become one and a trailing slash goes; the query, and a path with dot segments, are
 * left as they are.
 */
export function tolerantScimTarget(target: string): string {
  if (!target.startsWith(`${SCIM_BASE_PATH}/`)) return target;
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  // Dot segments (encoded ones too) resolve differently once slashes are folded: left as sent.
  if (/\/(?:\.|%2e)/i.test(path)) return target;
  const fixed = path.replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1");
  return fixed === path ? target : fixed + (q < 0 ? "" : target.slice(q));
}

export const ALLOW_COLLECTION = "GET, POST";
export const ALLOW_RESOURCE = "GET, PUT, PATCH, DELETE";
export const ALLOW_DISCOVERY = "GET";

// Anchored, one segment each, no nested quantifiers: linear on any input.
const ENDPOINTS: [RegExp, string][] = [
  [/^\/(?:Users|Groups)$/, ALLOW_COLLECTION],
  [/^\/(?:Users|Groups)\/[^/]+$/, ALLOW_RESOURCE],
  [/^\/(?:ServiceProviderConfig|Schemas|ResourceTypes)$/, ALLOW_DISCOVERY],
  [/^\/(?:Schemas|ResourceTypes)\/[^/]+$/, ALLOW_DISCOVERY],
];

/** The methods served at a path below the base ("/Users/…"), or undefined for no endpoint. */
export function allowedMethods(subPath: string): string | undefined {
  return ENDPOINTS.find(([re]) => re.test(subPath))?.[1];
}

// What Next.js hands to route handlers (next/dist/server/web/http.js); HEAD and OPTIONS it implements itself.
const ROUTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

export type Preflight = { error: ScimError; headers: Record<string, string> };

/**
 * For a raw request line (method and request-target as received): the SCIM error to answer before
 * Next.js sees it, or undefined to let the route handlers answer. Only paths under the SCIM base.
 */
export function preflightScimRequest(method: string, target: string): Preflight | undefined {
  const pathname = pathOf(target);
  if (pathname === undefined) return undefined;
  if (pathname !== SCIM_BASE_PATH && !pathname.startsWith(`${SCIM_BASE_PATH}/`)) return undefined;
  const sub = pathname.slice(SCIM_BASE_PATH.length);
  if (!decodes(sub)) return { error: new ScimError(400, undefined, "The request path is not valid percent-encoding"), headers: {} };
  if (ROUTED_METHODS.has(method)) return undefined;
  const allowed = allowedMethods(sub);
  if (!allowed) return { error: new ScimError(404, undefined, `No SCIM endpoint at ${sub || "/"}`), headers: {} };
  return { error: new ScimError(405, undefined, `Method not allowed; this endpoint accepts ${allowed}`), headers: { Allow: allowed } };
}

/**
 * For a request Node's HTTP parser refused before any "request" event (headers over its size
 * limit, a method it does not know): the SCIM error to answer, read from the start of the raw
 * request, or undefined to keep Node's own bare answer (not a SCIM path, or not these errors).
 */
export function preflightUnparsedRequest(code: string | undefined, rawStart: string): Preflight | undefined {
  const line = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}) (\S{1,8192}) HTTP\/1\.[01]\r?\n/.exec(rawStart);
  if (!line) return undefined;
  const pathname = pathOf(line[2]!);
  if (pathname === undefined || (pathname !== SCIM_BASE_PATH && !pathname.startsWith(`${SCIM_BASE_PATH}/`))) return undefined;
  if (code === "HPE_HEADER_OVERFLOW") return { error: new ScimError(431, undefined, "The request headers are too large"), headers: {} };
  if (code === "HPE_INVALID_METHOD") return preflightScimRequest(line[1]!, line[2]!);
  return undefined;
}

/** The path of an origin-form ("/a?b") or absolute-form ("http://h/a") request-target. */
function pathOf(target: string): string | undefined {
  if (target.startsWith("/")) {
    const end = target.search(/[?#]/);
    return end < 0 ? target : target.slice(0, end);
  }
  try {
    return new URL(target).pathname;
  } catch {
    return undefined;
  }
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
