import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { methodNotAllowed } from "@/lib/scim-server/http";
import { ALLOW_DISCOVERY } from "@/lib/scim/endpoints";
import { serviceProviderConfig } from "@/lib/scim/discovery";
import { scimJson } from "@/lib/scim-server/respond";

// GET /ServiceProviderConfig – what this server supports (RFC 7644 §4)
export const GET = withScimAuth(async (ctx) => scimJson(serviceProviderConfig(ctx.baseUrl)));

// Discovery is read-only (RFC 7644 §4): every other method is a SCIM 405, not an empty one.
export const POST = methodNotAllowed(ALLOW_DISCOVERY);
export const PUT = methodNotAllowed(ALLOW_DISCOVERY);
export const PATCH = methodNotAllowed(ALLOW_DISCOVERY);
export const DELETE = methodNotAllowed(ALLOW_DISCOVERY);
