import Link from "next/link";
import { RoleOptions } from "@/components/badges";
import { ui } from "@/components/ui";

// A plain GET form: filtering works without JavaScript, and every result is a shareable URL.
export function SearchForm({ q, role, status }: { q?: string; role?: string; status?: string }) {
  return (
    <form method="get" role="search" aria-label="Search members" className="flex flex-wrap items-end gap-3">
      {status && <input type="hidden" name="status" value={status} />}
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
        <select id="member-role" name="role" defaultValue={role ?? ""} className={`${ui.input} mt-1`}>
          <option value="">Any role</option>
          <RoleOptions roles={["OWNER", "ADMIN", "MEMBER"]} />
        </select>
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
