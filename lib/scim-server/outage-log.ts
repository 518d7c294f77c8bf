// While the database is away every SCIM request fails alike: one line each was 2,000 lines a
// second on stderr under an IdP's sync (an operations review counted 39,717 in a 20 s outage).
// The first failure of an outage is logged at once; the rest are counted and reported with the
// next line, at most once per window, so the log still says when it began, how long it lasted
// and how many requests it turned away.
export const OUTAGE_LOG_WINDOW_MS = 10_000;

export function outageLog(write: (line: string) => void, now: () => number = Date.now, windowMs = OUTAGE_LOG_WINDOW_MS) {
  let last = -Infinity;
  let suppressed = 0;
  return (line: string): void => {
    const t = now();
    if (t - last < windowMs) {
      suppressed++;
      return;
    }
    write(suppressed > 0 ? `${line} (and ${suppressed} more like it since the last such line)` : line);
    last = t;
    suppressed = 0;
  };
}
