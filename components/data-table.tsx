import { ui } from "./ui";

export type Column = string | { label: string; srOnly?: boolean; className?: string; content?: React.ReactNode; sort?: "ascending" | "descending" };

/**
 * The table shell every list page shares: scrolls sideways on small screens, a caption for screen
 * readers, header cells from `columns`; rows are the children. `empty`, when given, is shown in
 * one row spanning every column (the caller passes it only when there are no rows). A column's
 * `content` replaces its label in the header cell (e.g. a sort link), `sort` sets aria-sort.
 */
export function DataTable({
  caption,
  columns,
  className = "overflow-x-auto",
  empty,
  children,
}: {
  caption?: string;
  columns: Column[];
  className?: string;
  empty?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className={className}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { label: c } : c;
              return (
                <th key={col.label} scope="col" className={col.className ?? ui.th} aria-sort={col.sort}>
                  {col.content ?? (col.srOnly ? <span className="sr-only">{col.label}</span> : col.label)}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {children}
          {empty && (
            <tr>
              <td colSpan={columns.length} className="px-4 py-12 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
