// How the Manage Team list may be sorted, as plain data (the page's URL parameters, the table's
// headers and the SQL in list-members.ts all read this). No I/O.

export const MEMBER_SORTS = ["created", "name", "email", "role", "status", "lastSignIn"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export type SortDirection = "asc" | "desc";

/** The order a column starts in when first clicked: most recent sign-ins first, the rest A→Z. */
export const DEFAULT_DIRECTION: Record<MemberSort, SortDirection> = {
  created: "asc",
  name: "asc",
  email: "asc",
  role: "asc",
  status: "asc",
  lastSignIn: "desc",
};

/** Clicking the current column flips it; another column starts in its own default direction. */
export function nextSort(current: { sort: MemberSort; dir: SortDirection }, column: MemberSort): { sort: MemberSort; dir: SortDirection } {
  if (current.sort === column) return { sort: column, dir: current.dir === "asc" ? "desc" : "asc" };
  return { sort: column, dir: DEFAULT_DIRECTION[column] };
}
