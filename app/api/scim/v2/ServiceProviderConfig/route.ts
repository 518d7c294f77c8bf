import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { serviceProviderConfig } from "@/lib/scim/discovery";
import { scimJson } from "@/lib/scim-server/respond";

// GET /ServiceProviderConfig – what this server supports (RFC 7644 §4)
export const GET = withScimAuth(async (ctx) => scimJson(serviceProviderConfig(ctx.baseUrl)));
