import { MAX_BODY_BYTES } from "../scim/constants";
import { parseScimBody } from "../scim/body";
import { etagFor, ifNoneMatchHits, parseIfMatch } from "../scim/etag";
import { ScimError } from "../scim/errors";
import { rememberRequestBody } from "./request-body-record";
import { directRequestBody } from "./served-directly";
import { scimErrorResponse, scimJson, withBody } from "./respond";

const tooLarge = () => new ScimError(413, undefined, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
const tooLargeBody = (request: Request) => {
  rememberRequestBody(request, { tooLarge: MAX_BODY_BYTES });
  return tooLarge();
};

/**
 * The request body as a JSON object; 413 / 400 invalidSyntax / 400 invalidValue otherwise (see
 * lib/scim/body.ts). The size cap holds while reading: a body without Content-Length, or lying
 * about it, is never held in memory past MAX_BODY_BYTES.
 */
export async function readScimBody(request: Request): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLargeBody(request);
  // Served directly, from Node's stream, which is left unread past the cap rather than destroyed:
  // the 413 still goes out, on a connection then closed (serve-direct.ts). Else the web stream,
  // cancelled past the cap (leaving the loop early does that).
  const direct = directRequestBody(request);
  // Node's web streams are async iterable; the DOM types TypeScript uses do not say so.
  const source = direct ? (direct.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<Uint8Array>) : (request.body as unknown as AsyncIterable<Uint8Array> | null);
  if (!source) return parseScimBody("");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const value of source) {
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) throw tooLargeBody(request);
    chunks.push(value);
  }
  // TextDecoder, as Request.text() would: UTF-8, a leading BOM dropped.
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  rememberRequestBody(request, { text });
  return parseScimBody(text);
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

/** The 405 every SCIM path answers for a method it does not serve: a SCIM error body and Allow. */
const methodNotAllowedResponse = (allowed: string) =>
  scimErrorResponse(new ScimError(405, undefined, `Method not allowed; this endpoint accepts ${allowed}`), { Allow: allowed });

/** For the HTTP methods a SCIM endpoint does not serve, answered in the SCIM error format. */
export const methodNotAllowed = (allowed: string) => async () => withBody(methodNotAllowedResponse(allowed));

/** The version number inside a resource's meta.version (W/"n"). */
export const versionOf = (resource: { meta: { version: string } }): number => Number(/\d+/.exec(resource.meta.version)?.[0] ?? 0);
