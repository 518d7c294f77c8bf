/**
 * Where to send someone after sign-in: only a path on this site. The value is resolved against
 * the app's origin the way a browser resolves it (WHATWG URL: tabs and newlines are dropped,
 * backslashes read as slashes, leading spaces trimmed), and kept only if it lands on that same
 * origin; then only its path, query and fragment are returned, never a form a browser could read
 * as another host ("//evil.test"). Anything else falls back to "/", so the sign-in page cannot be
 * used as an open redirect.
 */
export function safeCallbackUrl(value: string | undefined | null, origin = "http://localhost"): string {
  if (!value) return "/";
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin || url.username || url.password) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that starts with two slashes (or a slash and a backslash) is another host to a browser.
  if (!path.startsWith("/") || /^\/[/\\]/.test(path)) return "/";
  return path;
}
