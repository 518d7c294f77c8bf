import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { schemas } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/errors";
import { scimJson } from "@/lib/scim-server/respond";

// GET /Schemas/{urn}
export const GET = withScimAuth<{ id: string }>(async (ctx, { id }) => {
  const schema = schemas(ctx.baseUrl).find((s) => s.id === decodeURIComponent(id));
  if (!schema) throw new ScimError(404, undefined, `Schema "${decodeURIComponent(id)}" not found`);
  return scimJson(schema);
});
