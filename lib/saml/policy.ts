// Operator-level switches for SSO, read from the environment. Pure given their inputs.

/** True when the app is served from this machine only (a developer's or a test run). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1";
  } catch {
    return false;
  }
}

/**
 * Whether an owner may mark a domain verified without the DNS proof. Off by default on a public
 * server: a verified domain makes its team's IdP trusted for everyone with that email domain, so
 * the operator opts in (SSO_MANUAL_DOMAIN_VERIFICATION=true) for offline or air-gapped installs.
 * A server reachable only on loopback (development, tests) allows it.
 */
export function manualVerificationAllowed(env: { flag?: string; appUrl: string }): boolean {
  return env.flag === "true" || env.flag === "1" || isLoopbackOrigin(env.appUrl);
}
