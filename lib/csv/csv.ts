// CSV for spreadsheets people open (RFC 4180), safe against formula injection. No I/O.

/** Cells a spreadsheet would run as a formula start with one of these (OWASP "CSV Injection"). */
// Leading spaces first: some spreadsheets skip them (SCIM keeps values as sent, " =HYPERLINK(…)").
const FORMULA_START = /^\s*[=+\-@\t\r]/;

/**
 * One cell: a value starting like a formula gets a leading apostrophe, so Excel, LibreOffice and
 * Sheets show it as text (a SCIM displayName of `=HYPERLINK(…)` stays a name); then quoted when it
 * holds a comma, quote or line break, quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line, CRLF-terminated as RFC 4180 says. */
export function csvRow(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
