// Display helpers shared by the team pages (server-rendered, so one fixed zone avoids mismatches).
const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export const formatDateTime = (d: Date) => `${dateTime.format(d)} UTC`;
export const formatDate = (d: Date) => dateOnly.format(d);
export const formatCount = (n: number) => n.toLocaleString("en");

type Named = { displayName: string | null; email: string; user: { name: string | null; givenName: string | null; familyName: string | null } };

/** The best name we have: SCIM displayName, then the person's name, then the member's email. */
export function memberName(m: Named): string {
  return m.displayName ?? m.user.name ?? ([m.user.givenName, m.user.familyName].filter(Boolean).join(" ") || m.email);
}
