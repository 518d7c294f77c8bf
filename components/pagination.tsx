import Link from "next/link";
import { ui } from "./ui";

// An unavailable Previous/Next: greyed by colour (slate-500 on white, 4.8:1), not by opacity,
// which took the text below the 4.5:1 contrast minimum.
const disabled = "inline-flex items-center justify-center rounded-md border border-slate-200 bg-white px-2.5 py-1 text-xs font-medium text-slate-500";

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
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-4 border-t border-slate-200 px-4 py-3 text-sm">
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
          <span className={disabled} aria-hidden>
            Previous
          </span>
        )}
        {hasNext ? (
          <Link href={href(page + 1)} className={ui.small} rel="next">
            Next
          </Link>
        ) : (
          <span className={disabled} aria-hidden>
            Next
          </span>
        )}
      </span>
    </nav>
  );
}
