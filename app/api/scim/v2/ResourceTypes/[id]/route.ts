import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { resourceTypes } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/errors";
import { scimJson } from "@/lib/scim-server/respond";

// GET /ResourceTypes/{User|Group}
export const GET = withScimAuth<{ id: string }>(async (ctx, { id }) => {
  const type = resourceTypes(ctx.baseUrl).find((t) => t.id === id);
  if (!type) throw new ScimError(404, undefined, `Resource type "${id}" not found`);
  return scimJson(type);
});
