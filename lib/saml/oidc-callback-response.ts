// The HTTP answer of an OpenID redirect URI (app/api/oauth/oidc/…): on to the sign-in callback, or
// back to the sign-in page with an error code. Both routes, the connection's own and the shared
// one of old, answer through it.
import { getDb } from "../db/client";
import { SsoError } from "./errors";
import { redirectTo, redirectToLogin } from "./http";
import { getJackson } from "./jackson";
import { handleOidcCallback } from "./oidc-callback";

export async function oidcCallbackResponse(req: Request, key: string | null): Promise<Response> {
  try {
    const outcome = await handleOidcCallback({ jackson: await getJackson(), db: await getDb() }, new URL(req.url).searchParams, key);
    if (outcome.kind === "redirect") return redirectTo(outcome.location);
    console.warn(`[oidc] callback refused: ${outcome.detail}`);
    return redirectToLogin(outcome.code);
  } catch (e) {
    if (!(e instanceof SsoError)) console.error("[oidc] callback failed", e);
    return redirectToLogin("sso_unavailable");
  }
}
