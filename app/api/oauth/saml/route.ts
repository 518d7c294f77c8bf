import { getDb } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { handleSamlResponse } from "@/lib/saml/acs";
import { SsoError } from "@/lib/saml/errors";
import { redirectTo, redirectToLogin, readForm } from "@/lib/saml/http";
import { getJackson } from "@/lib/saml/jackson";

// POST /api/oauth/saml – the assertion consumer service (ACS): the IdP posts its SAMLResponse
// here; on success the browser continues to next-auth (SP-initiated) or the IdP landing page.
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const form = await readForm(req);
  if (!form) return redirectToLogin("sso_invalid_response");
  try {
    const outcome = await handleSamlResponse({ jackson: await getJackson(), db: await getDb(), appUrl: appUrl() }, form);
    if (outcome.kind === "redirect") return redirectTo(outcome.location);
    console.warn(`[saml] response refused (${outcome.code}): ${outcome.detail}`);
    return redirectToLogin(outcome.code);
  } catch (e) {
    if (!(e instanceof SsoError)) console.error("[saml] ACS failed", e);
    return redirectToLogin("sso_unavailable");
  }
}
