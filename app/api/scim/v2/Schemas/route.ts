import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { discoveryList, schemas } from "@/lib/scim/discovery";
import { scimJson } from "@/lib/scim-server/respond";

// GET /Schemas – User, the Gatehouse role extension, EnterpriseUser and Group (RFC 7643 §7)
export const GET = withScimAuth(async (ctx) => scimJson(discoveryList(schemas(ctx.baseUrl))));
