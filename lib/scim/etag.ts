// Weak ETags over the membership/group version counter (RFC 7644 §3.14, RFC 9110 §8.8.3).
// Weak because the same version renders differently with `attributes=` selections.

export const etagFor = (version: number): string => `W/"${version}"`;

/**
 * Versions start at 1, so 0 never matches: an If-Match naming no version we issued (garbage, an
 * ETag from another server) must fail the precondition, not be ignored.
 */
export const UNMATCHABLE_VERSION = 0;

/**
 * If-Match → the version the write must still find (pass as `expectedVersion`), "*" (any
 * existing resource: no version check), or undefined when the header is absent or blank.
 * Accepts `W/"3"`, `"3"` and a bare `3` (some IdPs drop the quotes). For a list the write may
 * proceed if any entry matches; one expectedVersion cannot say "any of", so the newest is used:
 * clients send lists in practice only to repeat one value.
 */
export function parseIfMatch(header: string | null | undefined): number | "*" | undefined {
  if (header == null || header.trim() === "") return undefined;
  const versions: number[] = [];
  for (const entry of splitEntityTags(header)) {
    if (entry === "*") return "*";
    versions.push(parseVersion(entry) ?? UNMATCHABLE_VERSION);
  }
  return versions.length === 0 ? UNMATCHABLE_VERSION : Math.max(...versions);
}

/** If-None-Match on GET: true when the client's copy is current (answer 304 Not Modified). */
export function ifNoneMatchHits(header: string | null | undefined, version: number): boolean {
  if (header == null || header.trim() === "") return false;
  // Weak comparison (RFC 9110 §13.1.2): W/"3" and "3" both match version 3.
  return splitEntityTags(header).some((entry) => entry === "*" || parseVersion(entry) === version);
}

function splitEntityTags(header: string): string[] {
  return header
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseVersion(entry: string): number | undefined {
  const m = /^(?:W\/)?"?(\d{1,15})"?$/i.exec(entry);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
