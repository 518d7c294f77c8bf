import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { userByIdAlongside } from "@/lib/scim-server/user-by-id";
import { deleteUser, getUser, patchUser, replaceUser, selectUser, userSelection } from "@/lib/scim-server/users";
import { ifMatchVersion, methodNotAllowed, readScimBody, resourceResponse, versionOf } from "@/lib/scim-server/http";
import { noContent } from "@/lib/scim-server/respond";
import { ALLOW_RESOURCE } from "@/lib/scim/endpoints";

type Params = { id: string };
// Ids are UUIDs: any other id is 404 before a query is made. The member is read in the token's
// statement (user-by-id.ts).
const options = { resource: "User", alongside: userByIdAlongside } as const;

// GET /Users/{id} – one member; deactivated members stay readable with active:false
export const GET = withScimAuth<Params>(async (ctx, { id }) => {
  const user = await getUser(ctx, id);
  return resourceResponse(ctx.request, selectUser(user, userSelection(ctx.url.searchParams)), versionOf(user));
}, options);

// PUT /Users/{id} – full replace (Okta's AIW apps send every change, deactivation too, as PUT)
export const PUT = withScimAuth<Params>(async (ctx, { id }) => {
  const user = await replaceUser(ctx, id, await readScimBody(ctx.request), ifMatchVersion(ctx.request));
  return resourceResponse(ctx.request, user, versionOf(user));
}, options);

// PATCH /Users/{id} – add/replace/remove operations, all or nothing (RFC 7644 §3.5.2)
export const PATCH = withScimAuth<Params>(async (ctx, { id }) => {
  const user = await patchUser(ctx, id, await readScimBody(ctx.request), ifMatchVersion(ctx.request));
  return resourceResponse(ctx.request, user, versionOf(user));
}, options);

// DELETE /Users/{id} – remove the membership; 204, then 404
export const DELETE = withScimAuth<Params>(async (ctx, { id }) => {
  await deleteUser(ctx, id, ifMatchVersion(ctx.request));
  return noContent();
}, options);

export const POST = methodNotAllowed(ALLOW_RESOURCE);
