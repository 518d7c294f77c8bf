import Link from "next/link";
import { nextSort, type MemberSort, type SortDirection } from "@/lib/members/member-sort";
import { ui } from "@/components/ui";

/** A column header that sorts by it (then flips), keeping the filters; the page starts over. */
export function SortHeader({
  label,
  column,
  current,
  params,
}: {
  label: string;
  column: MemberSort;
  current: { sort: MemberSort; dir: SortDirection };
  params: Record<string, string | undefined>;
}) {
  const target = nextSort(current, column);
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v && k !== "sort" && k !== "dir") qs.set(k, v);
  qs.set("sort", target.sort);
  qs.set("dir", target.dir);
  const active = current.sort === column;
  return (
    <Link href={`?${qs}`} className={`inline-flex items-center gap-1 rounded-sm hover:text-slate-900 ${ui.focus}`}>
      {label}
      <span aria-hidden className={active ? "text-slate-700" : "text-slate-300"}>
        {active ? (current.dir === "asc" ? "▲" : "▼") : "↕"}
      </span>
      <span className="sr-only">{active ? `, sorted ${current.dir === "asc" ? "ascending" : "descending"}; sort ${target.dir === "asc" ? "ascending" : "descending"}` : `, sort`}</span>
    </Link>
  );
}
