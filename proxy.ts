import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "./lib/auth/sign-in-again";
import { isHttpsOrigin } from "./lib/env";
import { HSTS, pageCsp } from "./lib/security/headers";

// Every page gets a Content-Security-Policy with a nonce made for this request. Next reads the
// nonce from the request's CSP header and puts it on the scripts it renders, so the same policy
// travels on the request (for Next) and on the response (for the browser). Static headers for
// every response, APIs included, are in next.config.ts. Access checks are not done here: every
// page and action starts from getTeamContext (lib/auth/team-context.ts).
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = isHttpsOrigin();
  // NODE_ENV is Next's own (inlined at build), not a setting of ours: read here, not through lib/env.ts.
  const csp = pageCsp(nonce, { https, dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  // The page asked for: a sign-in that interrupts it comes back here (lib/auth/sign-in-again.ts), and
  // /teams/<old-slug>/… redirects to the same page under the new slug.
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON (or jackson's forms) and get their headers from next.config.ts;
  // Next's static files carry no inline script.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
