import { isIP } from "node:net";

// Which address to show an admin for the SCIM endpoint and the SAML values, and what to warn
// about. An identity provider in the cloud (Okta, Entra ID) calls the server from the internet:
// an http, localhost or private address cannot work, and nothing else would tell the admin why.
// Pure: the caller reads the settings and the request (lib/public-url/request-origin.ts).

export type OriginProblem = "http" | "localhost" | "private";

export type OriginAdvice = {
  /** The origin to show (no trailing slash). */
  shown: string;
  /** Where it comes from: APP_URL (or NEXTAUTH_URL), the browser's address, or the localhost default. */
  source: "configured" | "browser" | "default";
  problems: OriginProblem[];
  /** The configured origin differs from the one in the browser. */
  differs: { configured: string; browser: string } | null;
};

const V4_PRIVATE: [number, number, number][] = [
  // [first octet, second octet min, max]; -1 = any
  [10, -1, -1],
  [127, -1, -1],
  [0, -1, -1],
  [172, 16, 31],
  [192, 168, 168],
  [169, 254, 254],
  [100, 64, 127], // carrier-grade NAT
];
// Documentation ranges (RFC 5737): never reachable from the internet either.
const V4_DOC = ["192.0.2.", "198.51.100.", "203.0.113."];

function ipv4Private(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number) as [number, number];
  if (V4_DOC.some((p) => ip.startsWith(p))) return true;
  return V4_PRIVATE.some(([first, min, max]) => a === first && (min < 0 || (b >= min && b <= max)));
}

function ipv6Private(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v === "::1" || v === "::") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return ipv4Private(mapped[1]!);
  // fc00::/7 unique local, fe80::/10 link-local, 2001:db8::/32 documentation.
  return /^f[cd]/.test(v) || /^fe[89ab]/.test(v) || v.startsWith("2001:db8:");
}

/** Why an IdP on the internet cannot reach this origin; empty when it looks public and https. */
export function originProblems(origin: string): OriginProblem[] {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return ["private"];
  }
  const problems: OriginProblem[] = [];
  if (url.protocol !== "https:") problems.push("http");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) problems.push("localhost");
  else if (isIP(host) === 4 ? ipv4Private(host) : isIP(host) === 6 ? ipv6Private(host) : !host.includes(".") || /\.(local|lan|internal|home\.arpa|test|invalid|example)$/.test(host))
    problems.push(host.startsWith("127.") || host === "::1" ? "localhost" : "private");
  return problems;
}

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

/**
 * configured: APP_URL (else NEXTAUTH_URL) when set; browser: the origin the admin's browser used,
 * when it could be read; fallback: the default the server uses (http://localhost:$PORT).
 * `followBrowser`: whether an unset APP_URL may be replaced by the browser's address (the SCIM
 * endpoint answers on any address; SAML is checked against APP_URL's, so it may not).
 */
export function adviseOrigin(input: { configured: string | null; browser: string | null; fallback: string; followBrowser: boolean }): OriginAdvice {
  const trim = (s: string) => s.replace(/\/+$/, "");
  const configured = input.configured ? trim(input.configured) : null;
  const browser = input.browser ? trim(input.browser) : null;
  const shown = configured ?? (input.followBrowser && browser ? browser : trim(input.fallback));
  const source = configured ? "configured" : input.followBrowser && browser ? "browser" : "default";
  const differs = browser && !sameOrigin(shown, browser) ? { configured: shown, browser } : null;
  return { shown, source, problems: originProblems(shown), differs };
}

const PROBLEM_TEXT: Record<OriginProblem, string> = {
  http: "it is http, not https",
  localhost: "localhost is reachable only from this machine",
  private: "it is a private address the internet cannot reach",
};

/** The warnings to show, as sentences; empty when there is nothing to say. */
export function originWarnings(advice: OriginAdvice): string[] {
  const out: string[] = [];
  if (advice.problems.length > 0) {
    out.push(`Okta and Entra ID need a public https URL: set APP_URL. This address will not work for them: ${advice.problems.map((p) => PROBLEM_TEXT[p]).join("; ")}.`);
  }
  if (advice.differs) {
    out.push(
      advice.source === "configured"
        ? `APP_URL is ${advice.differs.configured}, but your browser is using ${advice.differs.browser}. Identity providers are given APP_URL's address: make sure it reaches this server, or set APP_URL to the address people use.`
        : `These values use ${advice.differs.configured} because APP_URL is not set, not the address in your browser (${advice.differs.browser}). Sign-in responses are checked against them: set APP_URL to the public https address and restart.`,
    );
  }
  return out;
}
