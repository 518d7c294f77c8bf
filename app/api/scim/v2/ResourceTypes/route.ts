import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { discoveryList, resourceTypes } from "@/lib/scim/discovery";
import { scimJson } from "@/lib/scim-server/respond";

// GET /ResourceTypes – User and Group (RFC 7644 §4)
export const GET = withScimAuth(async (ctx) => scimJson(discoveryList(resourceTypes(ctx.baseUrl))));
