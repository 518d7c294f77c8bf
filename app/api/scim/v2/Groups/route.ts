import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { createScimGroup, listGroups } from "@/lib/scim-server/groups";
import { methodNotAllowed, readScimBody, resourceResponse, versionOf } from "@/lib/scim-server/http";
import { scimJson } from "@/lib/scim-server/respond";
import { ALLOW_COLLECTION } from "@/lib/scim/endpoints";

// GET /Groups – list and filter groups (excludedAttributes=members skips loading members)
export const GET = withScimAuth(async (ctx) => scimJson(await listGroups(ctx, ctx.url.searchParams)));

// POST /Groups – create a group with members (Okta's Push Groups)
export const POST = withScimAuth(async (ctx) => {
  const group = await createScimGroup(ctx, await readScimBody(ctx.request));
  return resourceResponse(ctx.request, group, versionOf(group), 201, { Location: group.meta.location });
});

export const PUT = methodNotAllowed(ALLOW_COLLECTION);
export const PATCH = methodNotAllowed(ALLOW_COLLECTION);
export const DELETE = methodNotAllowed(ALLOW_COLLECTION);
