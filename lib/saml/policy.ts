// Operator-level switches for SSO, decided from the settings its callers pass in (lib/env.ts). Pure.
import { isIP } from "node:net";

/**
 * True when the app is served from this machine only (a developer's or a test run): localhost,
 * *.localhost, an IPv4 literal in 127.0.0.0/8 or [::1]. A host name such as 127.corp.example.com
 * is a public name, whatever it starts with.
 */
export function isLoopbackOrigin(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return false;
  }
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const family = isIP(host);
  if (family === 4) return host.startsWith("127.");
  if (family === 6) return host === "::1";
  return false;
}

/**
 * Whether an owner may mark a domain verified without the DNS proof. Off by default on a public
 * server: a verified domain makes its team's IdP trusted for everyone with that email domain, so
 * the operator opts in (SSO_MANUAL_DOMAIN_VERIFICATION=true, parsed by lib/env.ts) for offline or
 * air-gapped installs, and only where the operator alone makes teams (GATEHOUSE_TEAM_CREATION=
 * operators): where anyone may, a team of one's own made its owner able to claim any company's
 * domain and sign its people in through an IdP of their own (found by review; lib/env.ts refuses
 * that pair at start). A server whose URL is loopback (development, tests) allows it.
 */
export function manualVerificationAllowed(settings: { enabled: boolean | undefined; appUrl: string; teamCreation: "anyone" | "operators" }): boolean {
  return (settings.enabled === true && settings.teamCreation === "operators") || isLoopbackOrigin(settings.appUrl);
}
