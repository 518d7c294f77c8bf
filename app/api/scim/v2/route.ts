import { withScimAuth } from "@/lib/scim-server/with-scim-auth";
import { ScimError } from "@/lib/scim/errors";

// The bare base URL (/api/scim/v2) names no resource (RFC 7644 §3.2): a SCIM 404, never an HTML page.
// Authenticated first, like [...rest], so unauthenticated probes learn nothing.
const base = withScimAuth(async () => {
  throw new ScimError(404, undefined, "No SCIM endpoint at /; resources are under /Users and /Groups");
});

export { base as GET, base as POST, base as PUT, base as PATCH, base as DELETE };
