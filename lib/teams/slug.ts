// Team slugs appear in every URL (/teams/<slug>/…). Lower-case letters, digits and single
// hyphens, 3–40 characters; words the app uses for its own pages, or that would mislead
// (admin, support), are reserved. Pure, so it is unit-tested alone.
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "new", "create", "setup", "settings", "account", "accounts", "admin", "administrator", "api", "app", "auth",
  "login", "logout", "signin", "signout", "signup", "register", "invite", "invites", "invitation", "invitations",
  "reset-password", "forgot-password", "password", "team", "teams", "me", "my", "www", "mail", "help", "support",
  "about", "docs", "status", "security", "billing", "dashboard", "system", "root", "operator", "gatehouse",
  "sso", "saml", "scim", "oauth", "static", "assets", "public", "null", "undefined",
]);

export type SlugCheck = { ok: true; slug: string } | { ok: false; message: string };

/** Normalises what a person typed (trimmed, lower-cased) and says what is wrong with it, if anything. */
export function checkSlug(input: string): SlugCheck {
  const slug = input.trim().toLowerCase();
  if (slug.length < SLUG_MIN) return { ok: false, message: `The URL name needs at least ${SLUG_MIN} characters.` };
  if (slug.length > SLUG_MAX) return { ok: false, message: `Keep the URL name to ${SLUG_MAX} characters or fewer.` };
  if (!SLUG_PATTERN.test(slug)) {
    return { ok: false, message: "Use lower-case letters, digits and single hyphens, e.g. acme-eu (no spaces, no hyphen at either end)." };
  }
  if (RESERVED_SLUGS.has(slug)) return { ok: false, message: `“${slug}” is reserved. Choose another URL name.` };
  return { ok: true, slug };
}

/**
 * Whether a slug from a URL or a request could name a team at all (every slug was checked by
 * checkSlug when it was set), so a malformed one is refused before any database read.
 */
export function isSlugShaped(slug: string): boolean {
  return slug.length >= SLUG_MIN && slug.length <= SLUG_MAX && SLUG_PATTERN.test(slug);
}

/** A suggestion from a team name: "Acme Inc." → "acme-inc". The person can still change it. */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}
