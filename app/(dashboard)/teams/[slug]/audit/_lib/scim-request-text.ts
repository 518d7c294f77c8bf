// How a logged SCIM request reads to an admin: why it failed, with which token. Pure.
export type LoggedRequest = {
  status: number;
  scimType: string | null;
  errorDetail: string | null;
  authProblem: string | null;
  tokenName: string | null;
  tokenPrefix: string | null;
};

const AUTH_PROBLEM: Record<string, string> = {
  revoked: "Revoked token",
  expired: "Expired token",
  unknown: "Unknown token",
};

/** "invalidFilter: Filtering on "title" is not supported", "Revoked token", or null for a success. */
export function failureReason(r: LoggedRequest): string | null {
  if (r.authProblem) return AUTH_PROBLEM[r.authProblem] ?? "Refused token";
  if (r.status < 400) return null;
  const detail = [r.scimType, r.errorDetail].filter(Boolean).join(": ");
  return detail || `HTTP ${r.status}`;
}

/** Which token: "Okta (ghscim_Ab12Cd…)"; an unknown secret says whose prefix it has. */
export function tokenLabel(r: LoggedRequest): string {
  const prefix = r.tokenPrefix ? `${r.tokenPrefix}…` : null;
  if (r.authProblem === "unknown") return `${prefix ?? "A token"} with the prefix of “${r.tokenName ?? "?"}” but another secret`;
  if (!r.tokenName) return prefix ?? "—";
  return prefix ? `${r.tokenName} (${prefix})` : r.tokenName;
}

/** A stored body, indented when it is whole JSON (a truncated one is shown as stored). */
export function prettyBody(body: string | null): string | null {
  if (!body) return null;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
