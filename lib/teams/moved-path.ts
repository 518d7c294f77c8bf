// Rewrites a request path under /teams/<old>/… to the team's current slug, keeping the rest of the
// path and the query, so bookmarks and links into any page keep working after a rename. Pure.
export function movedPath(path: string | null | undefined, oldSlug: string, newSlug: string): string {
  const prefix = `/teams/${oldSlug}`;
  if (path && (path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`))) return `/teams/${newSlug}${path.slice(prefix.length)}`;
  return `/teams/${newSlug}/members`;
}
