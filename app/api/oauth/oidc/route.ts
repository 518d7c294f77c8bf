import { getDb } from "@/lib/db/client";
import { SsoError } from "@/lib/saml/errors";
import { redirectTo, redirectToLogin } from "@/lib/saml/http";
import { getJackson } from "@/lib/saml/jackson";
import { handleOidcCallback } from "@/lib/saml/oidc-callback";

// GET /api/oauth/oidc – the redirect URI registered with OpenID providers: validates their answer
// (state, PKCE, id_token and nonce) and continues to the sign-in callback.
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    const outcome = await handleOidcCallback({ jackson: await getJackson(), db: await getDb() }, new URL(req.url).searchParams);
    if (outcome.kind === "redirect") return redirectTo(outcome.location);
    console.warn(`[oidc] callback refused: ${outcome.detail}`);
    return redirectToLogin(outcome.code);
  } catch (e) {
    if (!(e instanceof SsoError)) console.error("[oidc] callback failed", e);
    return redirectToLogin("sso_unavailable");
  }
}
