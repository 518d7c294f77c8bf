import "server-only";
import { headers } from "next/headers";
import { appUrl, configuredAppUrl } from "../env";
import { adviseOrigin, type OriginAdvice } from "./origin-advice";
import { originFromHeaders } from "./request-origin-headers";

/** The origin the admin's browser is using (display only; see request-origin-headers.ts). */
export async function browserOrigin(): Promise<string | null> {
  const h = await headers();
  return originFromHeaders({ host: h.get("host"), forwardedHost: h.get("x-forwarded-host"), forwardedProto: h.get("x-forwarded-proto") });
}

/**
 * What to show for URLs an IdP is given. `followBrowser`: with APP_URL unset, show the browser's
 * address (the SCIM endpoint answers on any address); SAML values stay the server's own, since
 * SAML responses are checked against them.
 */
export async function originAdvice({ followBrowser }: { followBrowser: boolean }): Promise<OriginAdvice> {
  return adviseOrigin({ configured: configuredAppUrl(), browser: await browserOrigin(), fallback: appUrl(), followBrowser });
}
