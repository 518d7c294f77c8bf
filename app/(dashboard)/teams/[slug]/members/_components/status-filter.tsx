import Link from "next/link";
import type { MembershipStatus } from "@/lib/db/generated/enums";
import { formatCount } from "../../_lib/format";
import { ui } from "@/components/ui";

// Counts per status among the members the search and role filter select, each a filter link:
// deactivated members are always one click away, never hidden.
export function StatusFilter({ counts, current, params }: { counts: Record<MembershipStatus, number>; current?: MembershipStatus; params: Record<string, string | undefined> }) {
  const tabs: { label: string; status?: MembershipStatus; count: number }[] = [
    { label: "All", count: counts.ACTIVE + counts.DEACTIVATED },
    { label: "Active", status: "ACTIVE", count: counts.ACTIVE },
    { label: "Deactivated", status: "DEACTIVATED", count: counts.DEACTIVATED },
  ];
  const href = (status?: MembershipStatus) => {
    const qs = new URLSearchParams();
    if (params.q) qs.set("q", params.q);
    if (params.role) qs.set("role", params.role);
    if (status) qs.set("status", status);
    if (params.sort) qs.set("sort", params.sort);
    if (params.dir) qs.set("dir", params.dir);
    return `?${qs.toString()}`;
  };
  return (
    <nav aria-label="Filter by status" className="flex flex-wrap gap-1">
      {tabs.map((t) => {
        const active = t.status === current;
        return (
          <Link
            key={t.label}
            href={href(t.status)}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${ui.focus} ${active ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {t.label} <span className={`ml-1 tabular-nums ${active ? "text-white/90" : "text-slate-600"}`}>{formatCount(t.count)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
