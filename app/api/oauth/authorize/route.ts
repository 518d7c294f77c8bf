import { getDb } from "@/lib/db/client";
import { listTeamConnections } from "@/lib/saml/connections";
import { getJackson } from "@/lib/saml/jackson";
import { handleAuthorize } from "@/lib/saml/authorize";
import { SsoError } from "@/lib/saml/errors";
import { htmlPage, redirectTo, redirectToLogin } from "@/lib/saml/http";

// GET /api/oauth/authorize – next-auth's SAML sign-in redirect; answers with the IdP's login
// (a redirect, or an auto-posting form for IdPs that only take HTTP-POST).
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    const jackson = await getJackson();
    const defaultConnection = async (teamId: string) =>
      (await listTeamConnections({ jackson, db: await getDb() }, teamId)).find((c) => c.isDefault)?.clientID ?? null;
    const outcome = await handleAuthorize(jackson, new URL(req.url).searchParams, undefined, defaultConnection);
    if (outcome.kind === "redirect") return redirectTo(outcome.location);
    if (outcome.kind === "html") return htmlPage(outcome.html);
    console.warn(`[saml] authorize refused: ${outcome.detail}`);
    return redirectToLogin(outcome.code);
  } catch (e) {
    if (!(e instanceof SsoError)) console.error("[saml] authorize failed", e);
    return redirectToLogin("sso_unavailable");
  }
}
