/**
 * Where to send someone after sign-in: only a path on this site. Anything else (another origin,
 * protocol-relative "//evil.test", backslash tricks) falls back to "/" so the login page cannot
 * be used as an open redirect.
 */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  return value;
}
