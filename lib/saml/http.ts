// Small response helpers shared by the SAML/OAuth route handlers.
import { appUrl } from "../env";

/** 303 to the sign-in page with an SSO error code (POST → GET, so a refresh does not re-post). */
export function redirectToLogin(code: string): Response {
  return new Response(null, { status: 303, headers: { location: `${appUrl()}/login?error=${encodeURIComponent(code)}`, "cache-control": "no-store" } });
}

export function redirectTo(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

/** jackson's auto-submitting forms (POST binding to the IdP); no caching, no framing. */
export function htmlPage(html: string): Response {
  return new Response(html, {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-frame-options": "DENY" },
  });
}

/** RFC 6749 §5.2 error body. */
export function oauthError(status: number, error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status, headers: { "cache-control": "no-store" } });
}

/** Reads an application/x-www-form-urlencoded (or multipart) body; null when it is neither. */
export async function readForm(req: Request): Promise<Record<string, string> | null> {
  try {
    const form = await req.formData();
    const out: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === "string") out[k] = v;
    return out;
  } catch {
    return null;
  }
}
