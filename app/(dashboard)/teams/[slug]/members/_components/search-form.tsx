import Link from "next/link";
import type { Role } from "@/lib/db/generated/enums";
import { ui } from "@/components/ui";
import { RoleFilterSelect } from "./submit-on-change";

// A plain GET form: filtering works without JavaScript, and every result is a shareable URL. The
// role applies on change (with JavaScript); the sort and status stay as they are, the page resets.
export function SearchForm({ q, role, status, sort, dir }: { q?: string; role?: Role; status?: string; sort?: string; dir?: string }) {
  return (
    <form method="get" role="search" aria-label="Search members" className="flex flex-wrap items-end gap-3">
      {status && <input type="hidden" name="status" value={status} />}
      {sort && <input type="hidden" name="sort" value={sort} />}
      {dir && <input type="hidden" name="dir" value={dir} />}
      <div className="min-w-48 flex-1">
        <label htmlFor="member-search" className={ui.label}>
          Search by name or email
        </label>
        <input id="member-search" name="q" type="search" defaultValue={q} maxLength={200} placeholder="e.g. ada or @example.com" className={`${ui.input} mt-1`} />
      </div>
      <div>
        <label htmlFor="member-role" className={ui.label}>
          Role
        </label>
        <RoleFilterSelect role={role} />
      </div>
      <button type="submit" className={ui.secondary}>
        Search
      </button>
      {(q || role || status) && (
        <Link href="?" className={`${ui.link} py-2 text-sm`}>
          Clear filters
        </Link>
      )}
    </form>
  );
}
