import { ScimError } from "../scim/errors";

/**
 * Bodies must be JSON: application/scim+json or application/json, any parameters (charset).
 * A missing Content-Type is read as JSON, as some IdP test tools omit it; anything else is 415.
 */
export function assertJsonMediaType(contentType: string | null): void {
  if (!contentType) return;
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/scim+json" || type === "application/json") return;
  throw new ScimError(415, undefined, `Unsupported media type "${type}": send application/scim+json`);
}
