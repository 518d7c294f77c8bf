import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { methodNotAllowed } from "@/lib/scim-server/http";
import { ALLOW_DISCOVERY } from "@/lib/scim/endpoints";
import { findSchema } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/errors";
import { scimJson } from "@/lib/scim-server/respond";

// GET /Schemas/{urn} – `id` arrives decoded by Next.js; decoding it again would read "%25" as "%"
// and throw on it.
export const GET = withScimAuth<{ id: string }>(async (ctx, { id }) => {
  const schema = findSchema(ctx.baseUrl, id);
  if (!schema) throw new ScimError(404, undefined, `Schema "${id}" not found`);
  return scimJson(schema);
});

// Discovery is read-only (RFC 7644 §4): every other method is a SCIM 405, not an empty one.
export const POST = methodNotAllowed(ALLOW_DISCOVERY);
export const PUT = methodNotAllowed(ALLOW_DISCOVERY);
export const PATCH = methodNotAllowed(ALLOW_DISCOVERY);
export const DELETE = methodNotAllowed(ALLOW_DISCOVERY);
