import { callJackson, SsoError } from "@/lib/saml/errors";
import { oauthError } from "@/lib/saml/http";
import { getJackson } from "@/lib/saml/jackson";

// GET /api/oauth/userinfo – the profile for an access token from /api/oauth/token. The scheme
// is matched case-insensitively: next-auth sends "bearer" in lower case.
export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const match = /^bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) return oauthError(401, "invalid_token", "A bearer access token is required");
  try {
    const jackson = await getJackson();
    const profile = await callJackson("read the profile", () => jackson.oauthController.userInfo(match[1]));
    return Response.json(profile, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    if (!(e instanceof SsoError) || e.kind === "unavailable") {
      return oauthError(503, "temporarily_unavailable", "Single sign-on is unavailable; try again shortly.");
    }
    return oauthError(401, "invalid_token", e.message);
  }
}

export { handler as GET, handler as POST };
