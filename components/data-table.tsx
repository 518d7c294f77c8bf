import { ui } from "./ui";

export type Column = string | { label: string; srOnly?: boolean; className?: string; content?: React.ReactNode; sort?: "ascending" | "descending" };

/**
 * The table shell every list page shares: a caption for screen readers, header cells from
 * `columns`; rows are the children. `empty`, when given, is shown in one row spanning every
 * column (the caller passes it only when there are no rows).
 *
 * Wide screens: a table that scrolls sideways inside its box. The box is a focusable, labelled
 * region so keyboard users can scroll it too, and `relative` so the visually hidden caption and
 * headers stay inside it instead of widening the page. Phones (globals.css, `.data-table`): each
 * row becomes a card, each cell a line labelled with its column's name (from `--col-N`).
 * A column's `content` replaces its label in the header cell (e.g. a sort link), `sort` sets aria-sort.
 */
export function DataTable({
  caption,
  columns,
  className = "",
  empty,
  id,
  children,
}: {
  caption?: string;
  columns: Column[];
  className?: string;
  empty?: React.ReactNode;
  /** Lets a control move focus to the table after a change that removed the focused row. */
  id?: string;
  children: React.ReactNode;
}) {
  const cols = columns.map((c) => (typeof c === "string" ? { label: c } : c));
  const labels = Object.fromEntries(cols.map((c, i) => [`--col-${i + 1}`, c.srOnly ? "none" : JSON.stringify(c.label)]));
  return (
    <div id={id} className={`data-table relative overflow-x-auto ${ui.focus} ${className.replace("overflow-x-auto", "")}`} tabIndex={0} role="region" aria-label={caption ?? "Table"} style={labels as React.CSSProperties}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50">
          <tr>
            {cols.map((col) => (
              <th key={col.label} scope="col" className={col.className ?? ui.th} aria-sort={col.sort}>
                {col.content ?? (col.srOnly ? <span className="sr-only">{col.label}</span> : col.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {children}
          {empty && (
            <tr data-empty>
              <td colSpan={columns.length} className="px-4 py-12 text-center text-slate-600">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
