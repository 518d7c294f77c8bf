import { oidcCallbackResponse } from "@/lib/saml/oidc-callback-response";

// GET /api/oauth/oidc – the one redirect URI every OpenID connection shared before each had its
// own: an answer arriving here cannot be told to come from the provider its state names, so it is
// refused (the log says why; the connection's own URI is on its team's SSO page).
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return oidcCallbackResponse(req, null);
}
