import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { methodNotAllowed } from "@/lib/scim-server/http";
import { ALLOW_DISCOVERY } from "@/lib/scim/endpoints";
import { findResourceType } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/errors";
import { scimJson } from "@/lib/scim-server/respond";

// GET /ResourceTypes/{User|Group}
export const GET = withScimAuth<{ id: string }>(async (ctx, { id }) => {
  const type = findResourceType(ctx.baseUrl, id);
  if (!type) throw new ScimError(404, undefined, `Resource type "${id}" not found`);
  return scimJson(type);
});

// Discovery is read-only (RFC 7644 §4): every other method is a SCIM 405, not an empty one.
export const POST = methodNotAllowed(ALLOW_DISCOVERY);
export const PUT = methodNotAllowed(ALLOW_DISCOVERY);
export const PATCH = methodNotAllowed(ALLOW_DISCOVERY);
export const DELETE = methodNotAllowed(ALLOW_DISCOVERY);
