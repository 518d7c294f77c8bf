import { cookies } from "next/headers";
import { z } from "zod";
import { getTeamContext } from "@/lib/auth/team-context";
import { appUrl, isHttpsOrigin } from "@/lib/env";
import { SsoError } from "@/lib/saml/errors";
import { htmlPage, redirectTo } from "@/lib/saml/http";
import { getJackson } from "@/lib/saml/jackson";
import { startTestSignIn } from "@/lib/saml/test-sign-in";
import { TEST_FLOW_COOKIE, TEST_FLOW_COOKIE_PATH, testResultUrl } from "../test-flow-cookie";

// GET /api/sso/test/start?team=<slug>&connection=<id> – an admin's "Test sign-in": off to the IdP
// of that connection; the answer comes back to ../finish-test.ts, never to next-auth.
export const dynamic = "force-dynamic";

const query = z.object({ team: z.string().min(1).max(100), connection: z.string().min(1).max(64) });

export async function GET(req: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return new Response("Bad request", { status: 400 });
  const ctx = await getTeamContext(parsed.data.team);
  const back = (message: string) => redirectTo(testResultUrl(ctx.team.slug, parsed.data.connection, { ok: false, message }));
  if (!ctx.can("saml.manage")) return back("Only owners and admins can test single sign-on.");
  try {
    const { flow, outcome } = await startTestSignIn({ jackson: await getJackson(), db: ctx.db, appUrl: appUrl() }, ctx.team.id, parsed.data.connection);
    if (outcome.kind === "refused") return back(`The identity provider could not be reached (${outcome.detail}).`);
    (await cookies()).set(TEST_FLOW_COOKIE, Buffer.from(JSON.stringify({ ...flow, slug: ctx.team.slug })).toString("base64url"), {
      httpOnly: true,
      sameSite: "lax",
      secure: isHttpsOrigin(),
      path: TEST_FLOW_COOKIE_PATH,
      maxAge: 600,
    });
    return outcome.kind === "redirect" ? redirectTo(outcome.location) : htmlPage(outcome.html);
  } catch (e) {
    if (e instanceof SsoError) return back(e.message);
    throw e;
  }
}
