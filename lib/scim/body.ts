// Reading a SCIM request body: size cap first (RFC 7644 §3.12 lists 413 with no scimType), then
// nesting depth (counted on the text, before anything recursive sees it), JSON syntax (400
// invalidSyntax), and the per-attribute limits of limits.ts (400 invalidValue), so every endpoint
// that takes a body refuses hostile input before schema parsing or a database call.
// Handlers pass `await request.text()`.
import { MAX_BODY_BYTES } from "./constants";
import { ScimError } from "./errors";
import { assertBodyLimits, assertJsonDepth } from "./limits";

export function parseScimBody(text: string): Record<string, unknown> {
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) {
    throw new ScimError(413, undefined, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  assertJsonDepth(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScimError(400, "invalidSyntax", "The request body is not valid JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ScimError(400, "invalidSyntax", "The request body must be a JSON object");
  }
  assertBodyLimits(json);
  return json as Record<string, unknown>;
}
