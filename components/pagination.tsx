import Link from "next/link";
import { ui } from "./ui";

/** Previous / next links that keep the current filters; `param` names the page query parameter. */
export function Pagination({
  page,
  hasNext,
  pageCount,
  params,
  param = "page",
  label = "Pagination",
}: {
  page: number;
  hasNext: boolean;
  pageCount?: number;
  params: Record<string, string | undefined>;
  param?: string;
  label?: string;
}) {
  if (page <= 1 && !hasNext) return null;
  const href = (p: number) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== param) qs.set(k, v);
    if (p > 1) qs.set(param, String(p));
    const s = qs.toString();
    return s ? `?${s}` : "?";
  };
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-4 border-t border-slate-200 px-4 py-3 text-sm">
      <span className="text-slate-600">
        Page {page.toLocaleString("en")}
        {pageCount ? ` of ${pageCount.toLocaleString("en")}` : ""}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={ui.small} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={`${ui.small} pointer-events-none opacity-50`} aria-hidden>
            Previous
          </span>
        )}
        {hasNext ? (
          <Link href={href(page + 1)} className={ui.small} rel="next">
            Next
          </Link>
        ) : (
          <span className={`${ui.small} pointer-events-none opacity-50`} aria-hidden>
            Next
          </span>
        )}
      </span>
    </nav>
  );
}
