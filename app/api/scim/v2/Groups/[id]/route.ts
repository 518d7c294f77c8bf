import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { deleteScimGroup, getGroup, patchScimGroup, replaceScimGroup } from "@/lib/scim-server/groups";
import { ifMatchVersion, methodNotAllowed, readScimBody, resourceResponse, versionOf } from "@/lib/scim-server/http";
import { noContent } from "@/lib/scim-server/respond";
import { ALLOW_RESOURCE } from "@/lib/scim/endpoints";

type Params = { id: string };
// Ids are UUIDs: any other id is 404 before a query is made.
const options = { resource: "Group" } as const;

// GET /Groups/{id}
export const GET = withScimAuth<Params>(async (ctx, { id }) => {
  const { resource, version } = await getGroup(ctx, id, ctx.url.searchParams);
  return resourceResponse(ctx.request, resource, version);
}, options);

// PUT /Groups/{id} – replace name and members
export const PUT = withScimAuth<Params>(async (ctx, { id }) => {
  const group = await replaceScimGroup(ctx, id, await readScimBody(ctx.request), ifMatchVersion(ctx.request));
  return resourceResponse(ctx.request, group, versionOf(group));
}, options);

// PATCH /Groups/{id} – add/remove/replace members, rename
export const PATCH = withScimAuth<Params>(async (ctx, { id }) => {
  const group = await patchScimGroup(ctx, id, await readScimBody(ctx.request), ifMatchVersion(ctx.request));
  return resourceResponse(ctx.request, group, versionOf(group));
}, options);

// DELETE /Groups/{id} – 204; members stay in the team
export const DELETE = withScimAuth<Params>(async (ctx, { id }) => {
  await deleteScimGroup(ctx, id, ifMatchVersion(ctx.request));
  return noContent();
}, options);

export const POST = methodNotAllowed(ALLOW_RESOURCE);
