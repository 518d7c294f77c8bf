// Reading a SCIM request body: size cap first (RFC 7644 §3.12 lists 413 with no scimType), then
// JSON syntax (400 invalidSyntax). Handlers pass `await request.text()`.
import { MAX_BODY_BYTES } from "./constants";
import { ScimError } from "./errors";

export function parseScimBody(text: string): Record<string, unknown> {
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) {
    throw new ScimError(413, undefined, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScimError(400, "invalidSyntax", "The request body is not valid JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ScimError(400, "invalidSyntax", "The request body must be a JSON object");
  }
  return json as Record<string, unknown>;
}
