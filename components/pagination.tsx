import Link from "next/link";
import { ui } from "./ui";

// An unavailable Previous/Next: greyed by colour (slate-500 on white, 4.8:1), not by opacity,
// which took the text below the 4.5:1 contrast minimum.
const disabled = "inline-flex items-center justify-center rounded-md border border-slate-200 bg-white px-2.5 py-1 text-xs font-medium text-slate-500";

/**
 * Previous / next links that keep the current filters; `param` names the page query parameter.
 * With `pageCount` known, also First / Last and a "Go to page" field (a plain GET form, so it works
 * without JavaScript).
 */
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
  const step = (to: number, text: string, enabled: boolean, rel?: string) =>
    enabled ? (
      <Link href={href(to)} className={ui.small} rel={rel}>
        {text}
      </Link>
    ) : (
      <span className={disabled} aria-hidden>
        {text}
      </span>
    );
  const jumpId = `${param}-jump`;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-4 border-t border-slate-200 px-4 py-3 text-sm">
      <span className="text-slate-600">
        Page {page.toLocaleString("en")}
        {pageCount ? ` of ${pageCount.toLocaleString("en")}` : ""}
      </span>
      {pageCount && pageCount > 2 && (
        <form method="get" className="flex items-center gap-2">
          {Object.entries(params).map(([k, v]) => v && k !== param && <input key={k} type="hidden" name={k} value={v} />)}
          <label htmlFor={jumpId} className="text-slate-600">
            Go to page
          </label>
          <input id={jumpId} name={param} type="number" min={1} max={pageCount} defaultValue={page} className={`${ui.input} w-24 py-1`} />
          <button type="submit" className={ui.small}>
            Go
          </button>
        </form>
      )}
      <span className="flex gap-2">
        {pageCount !== undefined && step(1, "First", page > 1)}
        {step(page - 1, "Previous", page > 1, "prev")}
        {step(page + 1, "Next", hasNext, "next")}
        {pageCount !== undefined && step(pageCount, "Last", page < pageCount)}
      </span>
    </nav>
  );
}
