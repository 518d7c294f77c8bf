import { oidcCallbackResponse } from "@/lib/saml/oidc-callback-response";

// GET /api/oauth/oidc/<key> – one OpenID connection's redirect URI: validates its provider's
// answer (the connection, state, PKCE, id_token and nonce) and continues to the sign-in callback.
export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ key: string }> }) {
  return oidcCallbackResponse(req, (await params).key);
}
