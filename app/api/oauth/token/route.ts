import { callJackson, SsoError } from "@/lib/saml/errors";
import { oauthError, readForm } from "@/lib/saml/http";
import { getJackson } from "@/lib/saml/jackson";

// POST /api/oauth/token – jackson's code exchange (RFC 6749 §4.1.3) for OAuth clients. Gatehouse's
// own sign-in exchanges codes in-process (lib/saml/oauth-client.ts); this is the HTTP form of it.
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const type = req.headers.get("content-type") ?? "";
  const body = type.includes("application/json") ? await req.json().catch(() => null) : await readForm(req);
  if (!body || typeof body !== "object" || typeof (body as { code?: unknown }).code !== "string") {
    return oauthError(400, "invalid_request", "code is required");
  }
  try {
    const jackson = await getJackson();
    const auth = req.headers.get("authorization") ?? undefined;
    const tokens = await callJackson("exchange the code", () => jackson.oauthController.token(body as never, auth));
    return Response.json(tokens, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    if (!(e instanceof SsoError) || e.kind === "unavailable") {
      return oauthError(503, "temporarily_unavailable", "Single sign-on is unavailable; try again shortly.");
    }
    return e.status === 401 ? oauthError(401, "invalid_client", e.message) : oauthError(400, "invalid_grant", e.message);
  }
}
