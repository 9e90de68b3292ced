// Request headers from the manifests' `headers: [{key, value}]` lists of prometheus and web metrics.

/** Headers from the manifests' `[{key, value}]` form; a later key wins, as Go's Header.Set does. */
export function headerRecord(
  headers: ReadonlyArray<{ key: string; value: string }> | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, value } of headers ?? []) {
    const existing = Object.keys(record).find((name) => name.toLowerCase() === key.toLowerCase());
    if (existing !== undefined) delete record[existing];
    record[key] = value;
  }
  return record;
}
