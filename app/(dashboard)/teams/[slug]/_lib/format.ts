import { profileName } from "@/lib/members/profile";
// Display helpers shared by the team pages (server-rendered, so one fixed zone avoids mismatches).
const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export const formatDateTime = (d: Date) => `${dateTime.format(d)} UTC`;
export const formatDate = (d: Date) => dateOnly.format(d);
export const formatCount = (n: number) => n.toLocaleString("en");

type Named = Parameters<typeof profileName>[0] & { email: string; user: { name: string | null } };

/**
 * The best name we have: the team's own profile (displayName, then the name), then the name the
 * person gave their account, then the member's email.
 */
export function memberName(m: Named): string {
  return profileName(m) ?? m.user.name ?? m.email;
}
