import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { MEMBER_SORTS } from "@/lib/members/member-sort";

// The Manage Team list's URL parameters, shared by the page and the CSV export so both select the
// same members. Unknown or malformed values are ignored rather than failing the page: a search
// holding a NUL (only a hand-made URL has one; the database refuses it) is no search.
export const listQuerySchema = z.object({
  q: plainText().trim().max(200).optional().catch(undefined),
  status: z.enum(["ACTIVE", "DEACTIVATED"]).optional().catch(undefined),
  role: z.enum(["OWNER", "ADMIN", "MEMBER"]).optional().catch(undefined),
  sort: z.enum(MEMBER_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type ListQuery = z.output<typeof listQuerySchema>;

/** The query as URL parameters (empty ones left out), e.g. for links that keep the filters. */
export function listParams(q: ListQuery): Record<string, string | undefined> {
  return { q: q.q || undefined, status: q.status, role: q.role, sort: q.sort, dir: q.dir };
}
