// The route modules of this folder by SCIM path, matched the way Next.js routes them. The
// production server (scripts/start.ts) serves SCIM from this table ahead of Next (serve-direct.ts),
// and the in-process test client (lib/testing/scim-harness.ts) calls the same handlers through it.
import * as base from "./route";
import * as users from "./Users/route";
import * as user from "./Users/[id]/route";
import * as groups from "./Groups/route";
import * as group from "./Groups/[id]/route";
import * as spc from "./ServiceProviderConfig/route";
import * as schemasRoute from "./Schemas/route";
import * as schemaRoute from "./Schemas/[id]/route";
import * as resourceTypes from "./ResourceTypes/route";
import * as resourceType from "./ResourceTypes/[id]/route";
import * as rest from "./[...rest]/route";

export type ScimMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type ScimRouteHandler = (request: Request, route: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
type RouteModule = Partial<Record<ScimMethod, unknown>>;

// Next.js hands route handlers their params percent-decoded (a segment at a time), as these do.
const d = decodeURIComponent;
const ROUTES: [RegExp, RouteModule, (m: RegExpExecArray) => Record<string, unknown>][] = [
  [/^$/, base, () => ({})],
  [/^\/Users$/, users, () => ({})],
  [/^\/Users\/([^/]+)$/, user, (m) => ({ id: d(m[1]!) })],
  [/^\/Groups$/, groups, () => ({})],
  [/^\/Groups\/([^/]+)$/, group, (m) => ({ id: d(m[1]!) })],
  [/^\/ServiceProviderConfig$/, spc, () => ({})],
  [/^\/Schemas$/, schemasRoute, () => ({})],
  [/^\/Schemas\/([^/]+)$/, schemaRoute, (m) => ({ id: d(m[1]!) })],
  [/^\/ResourceTypes$/, resourceTypes, () => ({})],
  [/^\/ResourceTypes\/([^/]+)$/, resourceType, (m) => ({ id: d(m[1]!) })],
  [/^\/(.+)$/, rest, (m) => ({ rest: m[1]!.split("/").map(d) })],
];

export type ScimRoute = { handler: ScimRouteHandler | undefined; params: Record<string, unknown> };

/**
 * The handler a path below the SCIM base ("" or "/Users/…", still percent-encoded) and method
 * route to, and its params; `handler` is undefined for a method the route does not export. Null
 * when nothing matches ("/", which Next redirects) or the percent-encoding does not decode (the
 * request guard answers that first).
 */
export function routeScim(method: string, subPath: string): ScimRoute | null {
  for (const [re, mod, params] of ROUTES) {
    const m = re.exec(subPath);
    if (!m) continue;
    try {
      return { handler: mod[method as ScimMethod] as ScimRouteHandler | undefined, params: params(m) };
    } catch {
      return null;
    }
  }
  return null;
}
