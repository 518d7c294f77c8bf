import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { createUser, listUsers } from "@/lib/scim-server/users";
import { userLookupAlongside } from "@/lib/scim-server/user-lookup";
import { methodNotAllowed, readScimBody, resourceResponse, versionOf } from "@/lib/scim-server/http";
import { scimJson } from "@/lib/scim-server/respond";
import { ALLOW_COLLECTION } from "@/lib/scim/endpoints";

// GET /Users – list and filter the team's members (RFC 7644 §3.4.2)
// Okta's and Entra's lookup by userName is read in the token's own statement (user-lookup.ts).
export const GET = withScimAuth(async (ctx) => scimJson(await listUsers(ctx, ctx.url.searchParams)), { alongside: userLookupAlongside });

// POST /Users – create a member (RFC 7644 §3.3)
export const POST = withScimAuth(async (ctx) => {
  const user = await createUser(ctx, await readScimBody(ctx.request));
  return resourceResponse(ctx.request, user, versionOf(user), 201, { Location: user.meta.location });
});

export const PUT = methodNotAllowed(ALLOW_COLLECTION);
export const PATCH = methodNotAllowed(ALLOW_COLLECTION);
export const DELETE = methodNotAllowed(ALLOW_COLLECTION);
