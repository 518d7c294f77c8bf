import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { deleteUser, getUser, patchUser, replaceUser, selectUser, userSelection } from "@/lib/scim-server/users";
import { ifMatchVersion, methodNotAllowed, readScimBody, resourceResponse, versionOf } from "@/lib/scim-server/http";
import { noContent } from "@/lib/scim-server/respond";

type Params = { id: string };

// GET /Users/{id} – one member; deactivated members stay readable with active:false
export const GET = withScimAuth<Params>(async (ctx, { id }) => {
  const user = await getUser(ctx, id);
  return resourceResponse(ctx.request, selectUser(user, userSelection(ctx.url.searchParams)), versionOf(user));
});

// PUT /Users/{id} – full replace (Okta's AIW apps send every change, deactivation too, as PUT)
export const PUT = withScimAuth<Params>(async (ctx, { id }) => {
  const user = await replaceUser(ctx, id, await readScimBody(ctx.request), ifMatchVersion(ctx.request));
  return resourceResponse(ctx.request, user, versionOf(user));
});

// PATCH /Users/{id} – add/replace/remove operations, all or nothing (RFC 7644 §3.5.2)
export const PATCH = withScimAuth<Params>(async (ctx, { id }) => {
  const user = await patchUser(ctx, id, await readScimBody(ctx.request), ifMatchVersion(ctx.request));
  return resourceResponse(ctx.request, user, versionOf(user));
});

// DELETE /Users/{id} – remove the membership; 204, then 404
export const DELETE = withScimAuth<Params>(async (ctx, { id }) => {
  await deleteUser(ctx, id, ifMatchVersion(ctx.request));
  return noContent();
});

export const POST = methodNotAllowed("GET, PUT, PATCH, DELETE");
