import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { ScimError } from "@/lib/scim/errors";

// Anything else under /api/scim/v2 (e.g. /Bulk, /Me, typos): a SCIM error, never an HTML page.
// Authenticated first, so unauthenticated probes learn nothing about what exists.
const notHere = withScimAuth<{ rest: string[] }>(async (_ctx, { rest }) => {
  const path = `/${rest.join("/")}`;
  if (/^\/(Bulk|Me)$/i.test(path)) throw new ScimError(501, undefined, `${path} is not supported by this service provider`);
  throw new ScimError(404, undefined, `No SCIM endpoint at ${path}`);
});

export { notHere as GET, notHere as POST, notHere as PUT, notHere as PATCH, notHere as DELETE };
