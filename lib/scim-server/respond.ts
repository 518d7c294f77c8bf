import { scimErrorBody, type ScimError } from "../scim/errors";

// Every SCIM answer is application/scim+json (RFC 7644 §3.1), errors included.
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": SCIM_CONTENT_TYPE, ...headers } });
}

export function scimErrorResponse(err: ScimError, headers: Record<string, string> = {}): Response {
  return scimJson(scimErrorBody(err), err.status, headers);
}

export const noContent = () => new Response(null, { status: 204 });
