// A `timestamp` column as JSON carries it (to_json, row_to_json, json_build_array): UTC text
// without a zone, "2026-12-05T18:00:00.123". Read as the instant it is; PostgreSQL's 'infinity'
// and '-infinity' read as an invalid Date, as the driver's own reader reads them.
export const jsonTimestamp = (text: string): Date => new Date(`${text}Z`);

/** A nullable one. */
export const jsonTimestampOrNull = (text: string | null): Date | null => (text === null ? null : jsonTimestamp(text));
