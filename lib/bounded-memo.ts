// A memo of a pure function of a string that forgets everything once it holds `max` values: for
// what is derived again and again from keys that repeat (a body's attribute names, a team's
// masking key), where an unbounded map would let hostile input or a long life grow the process.
// A key longer than `maxKeyChars` is not kept: its value is worked out each time.
export function boundedMemo<V>(of: (key: string) => V, { max, maxKeyChars = Infinity }: { max: number; maxKeyChars?: number }): (key: string) => V {
  const memo = new Map<string, V>();
  return (key) => {
    if (key.length > maxKeyChars) return of(key);
    let value = memo.get(key);
    if (value === undefined) {
      value = of(key);
      if (memo.size >= max) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}
