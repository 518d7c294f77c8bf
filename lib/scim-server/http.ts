import { parseScimBody } from "../scim/body";
import { etagFor, ifNoneMatchHits, parseIfMatch } from "../scim/etag";
import { ScimError } from "../scim/errors";
import { scimErrorResponse, scimJson } from "./respond";

/** The request body as a JSON object; 413 / 400 invalidSyntax otherwise. */
export async function readScimBody(request: Request): Promise<Record<string, unknown>> {
  return parseScimBody(await request.text());
}

/** If-Match as the version a write must find; "*" and absent mean no check. */
export function ifMatchVersion(request: Request): number | undefined {
  const v = parseIfMatch(request.headers.get("if-match"));
  return v === "*" ? undefined : v;
}

/** A single resource with its ETag; 304 when If-None-Match already names this version. */
export function resourceResponse(request: Request, body: unknown, version: number, status = 200, headers: Record<string, string> = {}): Response {
  const etag = etagFor(version);
  if (status === 200 && request.method === "GET" && ifNoneMatchHits(request.headers.get("if-none-match"), version)) {
    return new Response(null, { status: 304, headers: { ETag: etag } });
  }
  return scimJson(body, status, { ETag: etag, ...headers });
}

/** For the HTTP methods a SCIM endpoint does not serve, answered in the SCIM error format. */
export const methodNotAllowed = (allowed: string) => async () =>
  scimErrorResponse(new ScimError(405, undefined, `Method not allowed; this endpoint accepts ${allowed}`), { Allow: allowed });

/** The version number inside a resource's meta.version (W/"n"). */
export const versionOf = (resource: { meta: { version: string } }): number => Number(/\d+/.exec(resource.meta.version)?.[0] ?? 0);
