// What a SCIM token may do, chosen when it is made: "read-write" (an IdP that provisions) or
// "read-only" (a reporting tool, an audit script, an IdP's import-only setup). The check itself
// is one small step of the SCIM wrapper (lib/scim-server/with-scim-auth.ts): reads only.

export const TOKEN_SCOPES = ["read-write", "read-only"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = { "read-write": "Read and write", "read-only": "Read only" };

export const readTokenScope = (v: unknown): TokenScope => (v === "read-only" ? "read-only" : "read-write");

/** Whether a token of this scope may make a request with this method (reads are GET and HEAD). */
export function scopeAllows(scope: TokenScope, method: string): boolean {
  return scope === "read-write" || method === "GET" || method === "HEAD";
}
