import { cookies } from "next/headers";
import { getTeamContext } from "@/lib/auth/team-context";
import { appUrl } from "@/lib/env";
import { SsoError } from "@/lib/saml/errors";
import { redirectTo } from "@/lib/saml/http";
import { getJackson } from "@/lib/saml/jackson";
import { finishTestSignIn } from "@/lib/saml/test-sign-in";
import { readTestFlow, TEST_FLOW_COOKIE, TEST_FLOW_COOKIE_PATH, testResultUrl } from "./test-flow-cookie";

// GET /api/auth/callback/boxyhq-saml?sso_test=1 – where jackson sends a test sign-in's code (see
// spUrls().testCallbackUrl for why this path). The result is recorded on the connection and shown
// to the admin, who stays signed in as themselves: next-auth never sees it.
export async function finishTestRequest(req: Request): Promise<Response> {
  const jar = await cookies();
  const flow = readTestFlow(jar.get(TEST_FLOW_COOKIE)?.value);
  jar.delete({ name: TEST_FLOW_COOKIE, path: TEST_FLOW_COOKIE_PATH });
  if (!flow) return redirectTo(`${appUrl()}/login?error=sso_rejected`);
  const ctx = await getTeamContext(flow.slug);
  const back = (verdict: Parameters<typeof testResultUrl>[2]) => redirectTo(`${appUrl()}${testResultUrl(ctx.team.slug, flow.connectionId, verdict)}`);
  if (ctx.team.id !== flow.teamId || !ctx.can("saml.manage")) return back({ ok: false, message: "Only owners and admins of this team can test its single sign-on." });
  const q = new URL(req.url).searchParams;
  try {
    const verdict = await finishTestSignIn(
      { jackson: await getJackson(), db: ctx.db, appUrl: appUrl() },
      flow,
      { code: q.get("code"), state: q.get("state"), error: q.get("error_description") ?? q.get("error") },
      ctx.actor,
    );
    return back(verdict);
  } catch (e) {
    if (e instanceof SsoError) return back({ ok: false, message: e.message });
    throw e;
  }
}
